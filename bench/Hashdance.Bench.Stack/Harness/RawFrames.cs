using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// Builds and reads the frames of a raw benchmark peer: a host with no stack that plays one side of a handshake (or
/// floods SYNs) by writing frames straight onto a link with <see cref="FrameBuilder"/>. Its SYNs carry what a Linux
/// client's do (MSS 1460, SACK-permitted, timestamps, window scale 7), so the stack under test takes its usual path.
/// Allocation-free: the caller passes the buffer.
/// </summary>
public static class RawFrames
{
    /// <summary>Large enough for any frame built here.</summary>
    public const int MaxFrameLength = 128;

    private static readonly TcpParseSettings SynParse = TcpParseSettings.Listener;
    private static readonly TcpParseSettings EstablishedParse = TcpParseSettings.ForEstablished(timestampsOk: true, sackOk: true);

    public static int Syn(Span<byte> frame, MacAddress sourceMac, MacAddress destinationMac, Ipv4Address source, ushort sourcePort,
        Ipv4Address destination, ushort destinationPort, SeqNum isn, uint tsVal) =>
        Build(frame, sourceMac, destinationMac, source, sourcePort, destination, destinationPort, isn, default, TcpFlags.Syn, 64240,
            new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = new TcpTimestamps(tsVal, 0), WindowScale = 7 });

    public static int SynAck(Span<byte> frame, MacAddress sourceMac, MacAddress destinationMac, in RawSegment syn, SeqNum isn, uint tsVal) =>
        Build(frame, sourceMac, destinationMac, syn.Destination, syn.DestinationPort, syn.Source, syn.SourcePort, isn, syn.Seq + 1,
            TcpFlags.Syn | TcpFlags.Ack, 65160,
            new TcpOptionSet { Mss = 1460, SackPermitted = true, Timestamps = new TcpTimestamps(tsVal, syn.TsVal), WindowScale = 7 });

    /// <summary>
    /// The ACK that completes a handshake: answers <paramref name="synAck"/>. Its TSval is the one the SYN-ACK echoes
    /// (our clock has not moved), which PAWS on the other side accepts.
    /// </summary>
    public static int Ack(Span<byte> frame, MacAddress sourceMac, MacAddress destinationMac, in RawSegment synAck) =>
        Build(frame, sourceMac, destinationMac, synAck.Destination, synAck.DestinationPort, synAck.Source, synAck.SourcePort, synAck.Ack,
            synAck.Seq + 1, TcpFlags.Ack, 502, new TcpOptionSet { Timestamps = new TcpTimestamps(synAck.TsEcr, synAck.TsVal) });

    private static int Build(Span<byte> frame, MacAddress sourceMac, MacAddress destinationMac, Ipv4Address source, ushort sourcePort,
        Ipv4Address destination, ushort destinationPort, SeqNum seq, SeqNum ack, TcpFlags flags, ushort window, TcpOptionSet options)
    {
        var tcp = new TcpRepr
        {
            SourcePort = sourcePort, DestinationPort = destinationPort, SequenceNumber = seq, AckNumber = ack, Flags = flags,
            Window = window, Options = options,
        };
        var ip = new Ipv4Repr { Source = source, Destination = destination, Ttl = 64, DontFragment = true };
        return FrameBuilder.BuildTcp(frame, new EthernetRepr(sourceMac, destinationMac, EtherType.Ipv4), ip, tcp, default);
    }

    /// <summary>Reads a TCP/IPv4 frame; false for anything else (ARP, ICMP, a malformed frame).</summary>
    public static bool TryRead(ReadOnlySpan<byte> frame, out RawSegment segment)
    {
        segment = default;
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _) || ethernet.EtherType != EtherType.Ipv4) return false;
        if (!Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _) || ip.Protocol != IpProtocol.Tcp) return false;
        if (!TcpPacket.TryParse(ip.Payload, out var tcp, out _)) return false;
        var isSyn = (tcp.Flags & TcpFlags.Syn) != 0;
        var options = TcpOptions.Parse(tcp.Options, isSyn, isSyn ? SynParse : EstablishedParse);
        segment = new RawSegment(ethernet.Destination, ip.Source, tcp.SourcePort, ip.Destination, tcp.DestinationPort, tcp.SequenceNumber,
            tcp.AckNumber, tcp.Flags, options.SawTimestamp, options.TsVal, options.TsEcr);
        return true;
    }
}
