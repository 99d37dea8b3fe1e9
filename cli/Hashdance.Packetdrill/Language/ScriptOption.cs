namespace Hashdance.Packetdrill.Language;

/// <summary>An in-script command-line flag such as <c>--tolerance_usecs=10000</c> (value null for a bare flag).</summary>
public sealed record ScriptOption(string Name, string? Value, int Line);
