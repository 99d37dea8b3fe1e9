using BenchmarkDotNet.Attributes;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench;

/// <summary>
/// Receive-path parse of one Ethernet/IPv4/TCP frame with both checksums verified and the options parsed: ours
/// two ways against PacketDotNet (the baseline, so Ratio = ours / PacketDotNet within one run). The derived
/// classes choose the frame.
/// </summary>
[MemoryDiagnoser]
public abstract class TcpParseBenchmarks
{
    private byte[] _frame = [];
    private TcpParseSettings _settings;

    protected abstract byte[] CreateFrame();
    protected abstract TcpParseSettings Settings { get; }

    /// <summary>Values the frame is known to carry, checked on top of the two libraries agreeing.</summary>
    protected abstract void CheckKnownFields(ParsedTcpFields parsed);

    [GlobalSetup]
    public void Setup()
    {
        _frame = CreateFrame();
        _settings = Settings;
        var reference = PacketDotNet();
        BenchmarkGuard.Require(reference != default, "PacketDotNet rejected the frame (checksum or parse failure).");
        BenchmarkGuard.Agree(FrameParser(), reference, "FrameParser vs PacketDotNet");
        BenchmarkGuard.Agree(FrameParserViews(), reference, "FrameParser.TryParseTcpViews vs PacketDotNet");
        BenchmarkGuard.Agree(LayerViews(), reference, "layer views + TcpOptions.Parse vs PacketDotNet");
        CheckKnownFields(reference);
    }

    [Benchmark(Baseline = true, Description = "PacketDotNet: ParsePacket+Extract+ValidChecksum+options")]
    public ParsedTcpFields PacketDotNet() => PacketDotNetTcpReader.Read(_frame);

    [Benchmark(Description = "Hashdance: FrameParser.TryParseTcp")]
    public ParsedTcpFields FrameParser() => HashdanceTcpReader.WithFrameParser(_frame, _settings);

    [Benchmark(Description = "Hashdance: FrameParser.TryParseTcpViews")]
    public ParsedTcpFields FrameParserViews() => HashdanceTcpReader.WithFrameParserViews(_frame, _settings);

    [Benchmark(Description = "Hashdance: views + TcpOptions.Parse")]
    public ParsedTcpFields LayerViews() => HashdanceTcpReader.WithViews(_frame, _settings);
}
