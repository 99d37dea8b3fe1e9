namespace Hashdance.Packetdrill.Language;

/// <summary>
/// A system call line: <c>name(args) = result [ERRNO] [(text)]</c>. <see cref="Errno"/> is null when no errno word
/// is written, in which case the errno is not checked.
/// </summary>
public sealed record SyscallEvent(string Name, IReadOnlyList<SyscallArg> Args, long Result, string? Errno, string? Note) : EventAction
{
    public override string ToString() => $"{Name}({string.Join(", ", Args)}) = {Result}{(Errno is null ? "" : " " + Errno)}";
}
