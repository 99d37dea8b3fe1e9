namespace Hashdance.Packetdrill.Config;

/// <summary>
/// What interpreting a shell command did: the environment afterwards, notes on what was ignored and why, the
/// files it ran, and an error when it met a command or sysctl the harness cannot model (reported, never ignored).
/// </summary>
public sealed record ShellOutcome(StackEnvironment Environment, IReadOnlyList<string> Notes, IReadOnlyList<string> FilesRun, string? Error);
