namespace Hashdance.Packetdrill.Language;

/// <summary>The text of a back-quoted block (init, cleanup or timed shell event), as written, without the quotes.</summary>
public sealed record ShellCommand(string Text, int Line);
