namespace Hashdance.Packetdrill.Language;

/// <summary>
/// A parsed packetdrill script: the command-line flags written at its top, the back-quoted init command before the
/// first event, the events in order, and the cleanup command after the last one.
/// </summary>
public sealed record PacketdrillScript(
    string Path,
    IReadOnlyList<ScriptOption> Options,
    ShellCommand? InitCommand,
    IReadOnlyList<ScriptEvent> Events,
    ShellCommand? CleanupCommand)
{
    /// <summary>The value of the last <c>--name[=value]</c> flag with this name, or null when absent.</summary>
    public ScriptOption? Option(string name)
    {
        ScriptOption? found = null;
        foreach (var option in Options)
            if (option.Name == name) found = option;
        return found;
    }
}
