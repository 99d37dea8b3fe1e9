namespace Hashdance.Protocol.Wire;

/// <summary>The twelve TCP header flag bits: byte 13, plus <see cref="Ae"/> (AccECN, formerly NS, RFC 3540) in the
/// low bit of the data-offset byte.</summary>
[Flags]
public enum TcpFlags : ushort
{
    None = 0,
    Fin = 1,
    Syn = 2,
    Rst = 4,
    Psh = 8,
    Ack = 16,
    Urg = 32,
    Ece = 64,
    Cwr = 128,
    Ae = 256,
}
