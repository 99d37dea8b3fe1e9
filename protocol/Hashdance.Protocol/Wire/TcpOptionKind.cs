namespace Hashdance.Protocol.Wire;

/// <summary>TCP option kinds (IANA "TCP Option Kind Numbers"; TCPOPT_* in include/net/tcp.h).</summary>
public enum TcpOptionKind : byte
{
    Eol = 0,
    Nop = 1,
    Mss = 2,
    WindowScale = 3,
    SackPermitted = 4,
    Sack = 5,
    Timestamp = 8,
    Md5 = 19,
    Mptcp = 30,
    Ao = 29,
    FastOpen = 34,
    AccEcn0 = 172,
    AccEcn1 = 174,
    Experimental = 254,
}
