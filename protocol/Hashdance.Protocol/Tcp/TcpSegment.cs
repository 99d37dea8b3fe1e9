using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// An inbound segment as the receiving socket sees it: the header fields, the options parsed for that socket
/// (tcp_parse_options depends on the socket's state and sysctls), and a few IPv4 fields TCP consults (TOS for
/// ECN, TTL). <see cref="Tuple"/> is from the receiver's point of view: Local is the packet's destination.
/// The payload stays in the frame; cores receive it as a separate span.
/// </summary>
public readonly struct TcpSegment
{
    public readonly FourTuple Tuple;
    public readonly SeqNum Seq;
    public readonly SeqNum Ack;
    public readonly TcpFlags Flags;
    public readonly ushort Window;
    public readonly ushort UrgentPointer;
    public readonly int HeaderLength;
    public readonly int PayloadLength;
    public readonly byte Tos;
    public readonly byte Ttl;
    public readonly TcpOptions Options;

    public TcpSegment(FourTuple tuple, SeqNum seq, SeqNum ack, TcpFlags flags, ushort window, in TcpOptions options,
        int payloadLength = 0, int headerLength = 20, ushort urgentPointer = 0, byte tos = 0, byte ttl = 64)
    {
        Tuple = tuple;
        Seq = seq;
        Ack = ack;
        Flags = flags;
        Window = window;
        Options = options;
        PayloadLength = payloadLength;
        HeaderLength = headerLength;
        UrgentPointer = urgentPointer;
        Tos = tos;
        Ttl = ttl;
    }

    /// <summary>Reads a segment from already validated IPv4 and TCP views (the ingress checked lengths and checksums).</summary>
    public static TcpSegment Read(Ipv4Packet ip, TcpPacket tcp, in TcpParseSettings settings)
    {
        var flags = tcp.Flags;
        TcpOptions.Parse(tcp.Options, (flags & TcpFlags.Syn) != 0, settings, out var options);
        var tuple = new FourTuple(ip.Destination, tcp.DestinationPort, ip.Source, tcp.SourcePort);
        return new TcpSegment(tuple, tcp.SequenceNumber, tcp.AckNumber, flags, tcp.Window, options,
            tcp.Payload.Length, tcp.HeaderLength, tcp.UrgentPointer, ip.Tos, ip.Ttl);
    }

    public bool Has(TcpFlags flag) => (Flags & flag) != 0;

    public bool IsSyn => (Flags & TcpFlags.Syn) != 0;
    public bool IsAck => (Flags & TcpFlags.Ack) != 0;
    public bool IsRst => (Flags & TcpFlags.Rst) != 0;
    public bool IsFin => (Flags & TcpFlags.Fin) != 0;

    /// <summary>TCP_SKB_CB(skb)->end_seq: seq + SYN + FIN + payload length.</summary>
    public SeqNum EndSeq => Seq + (PayloadLength + (IsSyn ? 1 : 0) + (IsFin ? 1 : 0));

    public override string ToString() => $"{Tuple.RemoteAddress}.{Tuple.RemotePort} > {Tuple.LocalAddress}.{Tuple.LocalPort}: {Flags} seq {Seq} ack {Ack} win {Window} len {PayloadLength}";
}
