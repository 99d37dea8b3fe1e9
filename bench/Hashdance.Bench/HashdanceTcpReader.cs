using Hashdance.Protocol.Wire;

namespace Hashdance.Bench;

/// <summary>Our receive-path parse of an Ethernet/IPv4/TCP frame, reduced to <see cref="ParsedTcpFields"/>.
/// Every variant verifies the IPv4 header checksum and the TCP checksum and parses the options.</summary>
/// <remarks>Each variant builds its <see cref="ParsedTcpFields"/> in place. A shared helper taking the views was
/// tried: the JIT did not inline it (the callers had used up their inlining budget), and passing the views on the
/// stack cost about 30 ns per parse, more than the parse itself.</remarks>
internal static class HashdanceTcpReader
{
    /// <summary>The one-call path the stack uses: <see cref="FrameParser.TryParseTcp"/> (options end up as a
    /// <see cref="TcpOptionSet"/> inside the <see cref="TcpRepr"/>).</summary>
    public static ParsedTcpFields WithFrameParser(ReadOnlySpan<byte> frame, in TcpParseSettings settings)
    {
        if (!FrameParser.TryParseTcp(frame, settings, out var ethernet, out var ip, out var tcp, out var payload, out _))
            return default;
        var options = tcp.Options;
        var timestamps = options.Timestamps.GetValueOrDefault();
        return new ParsedTcpFields(
            ethernet.Source.Value, ethernet.Destination.Value, ip.Source.Value, ip.Destination.Value,
            tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber.Value, tcp.AckNumber.Value,
            (ushort)tcp.Flags, tcp.Window,
            options.Mss.GetValueOrDefault(), options.WindowScale ?? -1, options.SackPermitted,
            options.Timestamps.HasValue, timestamps.Value, timestamps.EchoReply, payload.Length);
    }

    /// <summary>The fast one-call path: <see cref="FrameParser.TryParseTcpViews"/> validates all three layers
    /// (both checksums) and parses the options into <see cref="TcpOptions"/>, building no reprs.</summary>
    public static ParsedTcpFields WithFrameParserViews(ReadOnlySpan<byte> frame, in TcpParseSettings settings)
    {
        if (!FrameParser.TryParseTcpViews(frame, settings, out var ethernet, out var ip, out var tcp, out var options, out _))
            return default;
        return new ParsedTcpFields(
            ethernet.Source.Value, ethernet.Destination.Value, ip.Source.Value, ip.Destination.Value,
            tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber.Value, tcp.AckNumber.Value,
            (ushort)tcp.Flags, tcp.Window,
            options.Mss, options.WindowScaleOk ? options.WindowScale : -1, options.SackPermitted,
            options.SawTimestamp, options.TsVal, options.TsEcr, tcp.Payload.Length);
    }

    /// <summary>Layer by layer over the zero-copy views, with the options parsed into <see cref="TcpOptions"/>
    /// (the struct the handshake code consumes) rather than re-expressed as a set.</summary>
    public static ParsedTcpFields WithViews(ReadOnlySpan<byte> frame, in TcpParseSettings settings)
    {
        if (!EthernetFrame.TryParse(frame, out var ethernet, out _) || ethernet.EtherType != EtherType.Ipv4) return default;
        if (!Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _)) return default;
        if (!ip.VerifyChecksum() || ip.IsFragment || ip.Protocol != IpProtocol.Tcp) return default;
        var source = ip.Source;
        var destination = ip.Destination;
        if (!TcpPacket.TryParse(ip.Payload, out var tcp, out _) || !tcp.VerifyChecksum(source, destination)) return default;
        var flags = tcp.Flags;
        TcpOptions.Parse(tcp.Options, (flags & TcpFlags.Syn) != 0, settings, out var options);
        return new ParsedTcpFields(
            ethernet.Source.Value, ethernet.Destination.Value, source.Value, destination.Value,
            tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber.Value, tcp.AckNumber.Value,
            (ushort)flags, tcp.Window,
            options.Mss, options.WindowScaleOk ? options.WindowScale : -1, options.SackPermitted,
            options.SawTimestamp, options.TsVal, options.TsEcr, tcp.Payload.Length);
    }
}
