using Hashdance.Protocol.Wire;

namespace Hashdance.Bench;

/// <summary>Benchmark 1: a 74-byte SYN (mss, sackOK, TS, nop, wscale) as a listener parses it.</summary>
public class SynParseBenchmarks : TcpParseBenchmarks
{
    protected override byte[] CreateFrame() => BenchFrames.Syn();

    protected override TcpParseSettings Settings => TcpParseSettings.Listener;

    protected override void CheckKnownFields(ParsedTcpFields parsed)
    {
        BenchmarkGuard.Require(parsed.PayloadLength == 0 && parsed.Flags == (ushort)TcpFlags.Syn, "not a bare SYN");
        BenchmarkGuard.Require(parsed is { Mss: 1460, WindowScale: 7, SackPermitted: true, HasTimestamps: true, TsVal: 0x0A0B0C0D },
            $"SYN options misread: {parsed}");
    }
}
