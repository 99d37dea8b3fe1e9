namespace Hashdance.Packetdrill.Config;

/// <summary>
/// Everything decided before a script's first event: the stack environment after the init command, the run
/// options, the -D symbols and the notes. <see cref="SkipReason"/> or <see cref="Error"/> is set when the script
/// cannot run here (another IP family; an init command or sysctl the harness cannot model).
/// </summary>
public sealed record ScriptSetup(
    StackEnvironment Environment,
    RunOptions Options,
    IReadOnlyDictionary<string, string> Defines,
    IReadOnlyList<string> Notes,
    string? SkipReason,
    string? Error);
