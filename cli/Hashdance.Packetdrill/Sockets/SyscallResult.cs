namespace Hashdance.Packetdrill.Sockets;

/// <summary>
/// What a system call returned: a value, or -1 with an errno name. <see cref="Blocked"/> means the call cannot
/// complete yet (a blocking socket waits; a non-blocking one gets EAGAIN). <see cref="OutValue"/> carries the
/// value a getsockopt/ioctl wrote through its pointer argument.
/// </summary>
public sealed record SyscallResult(long Value, string? Errno = null, long? OutValue = null)
{
    public static SyscallResult Blocked { get; } = new(long.MinValue);

    public bool IsBlocked => ReferenceEquals(this, Blocked);

    public static SyscallResult Ok(long value = 0) => new(value);

    public static SyscallResult Fail(string errno) => new(-1, errno);

    public override string ToString() => IsBlocked ? "(blocked)" : Errno is null ? Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"-1 {Errno}";
}
