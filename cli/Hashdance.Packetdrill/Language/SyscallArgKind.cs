namespace Hashdance.Packetdrill.Language;

/// <summary>The shapes a system call argument takes in a script.</summary>
public enum SyscallArgKind
{
    /// <summary><c>...</c>: the harness supplies it.</summary>
    Ellipsis,
    Integer,

    /// <summary>One symbol or several joined with <c>|</c>.</summary>
    Symbols,

    /// <summary><c>[n]</c>: a pointer to an int (for getsockopt, the expected value).</summary>
    List,
    String,

    /// <summary><c>{onoff=1, linger=0}</c>.</summary>
    Struct,
}
