namespace Hashdance.Packetdrill.Runtime;

/// <summary>A script event did not go as written; <see cref="Line"/> is the script line.</summary>
public sealed class ScriptFailure(int line, string message) : Exception(message)
{
    public int Line { get; } = line;
}
