namespace Hashdance.Protocol.Tcp;

/// <summary>Linux errno values (include/uapi/asm-generic/errno.h) that TCP reports.</summary>
public static class Errno
{
    public const int EPIPE = 32;
    public const int ENOPROTOOPT = 92;
    public const int EOPNOTSUPP = 95;
    public const int ENETUNREACH = 101;
    public const int ECONNRESET = 104;
    public const int ENOTCONN = 107;
    public const int ETIMEDOUT = 110;
    public const int ECONNREFUSED = 111;
    public const int EHOSTDOWN = 112;
    public const int EHOSTUNREACH = 113;
    public const int ENONET = 64;
    public const int EPROTO = 71;
    public const int EMSGSIZE = 90;
}
