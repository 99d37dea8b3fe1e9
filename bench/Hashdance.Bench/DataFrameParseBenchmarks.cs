using Hashdance.Protocol.Wire;

namespace Hashdance.Bench;

/// <summary>Benchmark 2: a full-size 1514-byte data frame as an established connection parses it; the TCP
/// checksum covers the 20-byte header and 1460 bytes of payload.</summary>
public class DataFrameParseBenchmarks : TcpParseBenchmarks
{
    protected override byte[] CreateFrame() => BenchFrames.FullSizeData();

    protected override TcpParseSettings Settings => TcpParseSettings.ForEstablished(timestampsOk: false, sackOk: false);

    protected override void CheckKnownFields(ParsedTcpFields parsed) =>
        BenchmarkGuard.Require(parsed.PayloadLength == BenchFrames.FullSizePayload && parsed.Mss == 0 && !parsed.HasTimestamps,
            $"data frame misread: {parsed}");
}
