using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// A segment a core asks to send: the TCP header fields and options, plus the IPv4 fields TCP chooses (TOS, TTL,
/// DF and IP ID, which Linux sets per socket or per control socket). Addresses and ports come from
/// <see cref="Tuple"/>: Local is the source.
/// </summary>
public struct OutSegment
{
    public FourTuple Tuple;
    public SeqNum Seq;
    public SeqNum Ack;
    public TcpFlags Flags;
    public ushort Window;
    public ushort UrgentPointer;
    public TcpOptionSet Options;
    public byte Tos;
    public byte Ttl;
    public bool DontFragment;
    public ushort IpId;

    public override readonly string ToString() =>
        $"{Tuple.LocalAddress}.{Tuple.LocalPort} > {Tuple.RemoteAddress}.{Tuple.RemotePort}: {Flags} seq {Seq} ack {Ack} win {Window} {Options}";
}
