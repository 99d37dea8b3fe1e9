using BenchmarkDotNet.Attributes;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench;

/// <summary>
/// Profiling aid for benchmark 1: the SYN parse cut into its steps, each timed alone against the whole
/// layer-by-layer parse (the baseline here, so Ratio = step / whole). Not a comparison with PacketDotNet.
/// </summary>
[MemoryDiagnoser]
public class SynParseBreakdownBenchmarks
{
    private const int IpStart = EthernetFrame.HeaderLength;
    private const int TcpStart = IpStart + Ipv4Packet.MinHeaderLength;

    private byte[] _frame = [];
    private TcpParseSettings _settings;
    private TcpOptions _parsedOptions;

    [GlobalSetup]
    public void Setup()
    {
        _frame = BenchFrames.Syn();
        _settings = TcpParseSettings.Listener;
        _parsedOptions = TcpOptions.Parse(_frame.AsSpan(TcpStart + TcpPacket.MinHeaderLength, 20), isSyn: true, _settings);
        BenchmarkGuard.Require(WholeParse().Mss == 1460, "whole parse");
        BenchmarkGuard.Require(EthernetAndIpv4Views() == 40, "IPv4 payload is not the 40-byte segment");
        BenchmarkGuard.Require(Ipv4HeaderChecksum() && TcpHeaderAndChecksum(), "checksums");
        BenchmarkGuard.Require(TcpOptionsParse() == (1460u ^ 0x0A0B0C0Du ^ 7u), "options");
        BenchmarkGuard.Require(TcpOptionsWalk() == TcpOptionsParse(), "options by the walk");
        BenchmarkGuard.Require(OptionsToOptionSet() == 1460 && TcpReprParse() == 1460, "option set");
        BenchmarkGuard.Require(FrameParserIpv4() == 80, "FrameParser.TryParseIpv4");
    }

    [Benchmark(Baseline = true, Description = "whole parse: views + both checksums + TcpOptions.Parse")]
    public ParsedTcpFields WholeParse() => HashdanceTcpReader.WithViews(_frame, _settings);

    [Benchmark(Description = "EthernetFrame + Ipv4Packet.TryParse (no checksum)")]
    public int EthernetAndIpv4Views() =>
        EthernetFrame.TryParse(_frame, out var ethernet, out _) && Ipv4Packet.TryParse(ethernet.Payload, out var ip, out _)
            ? ip.Payload.Length : -1;

    [Benchmark(Description = "Ipv4Packet.VerifyChecksum (20 B)")]
    public bool Ipv4HeaderChecksum() => InternetChecksum.Verify(_frame.AsSpan(IpStart, Ipv4Packet.MinHeaderLength));

    [Benchmark(Description = "TcpPacket.TryParse + VerifyChecksum (40 B)")]
    public bool TcpHeaderAndChecksum() =>
        TcpPacket.TryParse(_frame.AsSpan(TcpStart), out var tcp, out _) && tcp.VerifyChecksum(BenchFrames.ClientIp, BenchFrames.ServerIp);

    [Benchmark(Description = "TcpOptions.Parse (20 B of options, Linux-layout fast path)")]
    public uint TcpOptionsParse()
    {
        TcpOptions.Parse(_frame.AsSpan(TcpStart + TcpPacket.MinHeaderLength, 20), isSyn: true, _settings, out var options);
        return options.Mss ^ options.TsVal ^ options.WindowScale;
    }

    [Benchmark(Description = "TcpOptions general walk alone (20 B, no fast path)")]
    public uint TcpOptionsWalk()
    {
        TcpOptions.ParseByWalk(_frame.AsSpan(TcpStart + TcpPacket.MinHeaderLength, 20), isSyn: true, _settings, out var options);
        return options.Mss ^ options.TsVal ^ options.WindowScale;
    }

    [Benchmark(Description = "FrameParser.TryParseIpv4 (reprs + IP checksum)")]
    public int FrameParserIpv4() =>
        FrameParser.TryParseIpv4(_frame, out _, out var ip, out var transport, out _) ? ip.PayloadLength + transport.Length : -1;

    [Benchmark(Description = "TcpRepr.TryParse (TCP checksum + options + set)")]
    public int TcpReprParse() =>
        TcpRepr.TryParse(_frame.AsSpan(TcpStart), BenchFrames.ClientIp, BenchFrames.ServerIp, _settings, out var tcp, out _)
            ? tcp.Options.Mss.GetValueOrDefault() : -1;

    [Benchmark(Description = "TcpOptions.ToOptionSet (FrameParser's extra step)")]
    public int OptionsToOptionSet()
    {
        _parsedOptions.ToOptionSet(out var set);
        return set.Mss.GetValueOrDefault();
    }
}
