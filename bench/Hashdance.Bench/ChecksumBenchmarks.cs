using BenchmarkDotNet.Attributes;
using Hashdance.Protocol.Wire;
using Pdn = PacketDotNet;

namespace Hashdance.Bench;

/// <summary>
/// Benchmark 4: the Internet checksum of a full-size 1460-byte payload. The scalar RFC 1071 loop is the
/// baseline (Ratio = method / scalar within one run); PacketDotNet's own routine is shown for reference, and
/// the verification the receive path actually does (pseudo-header + the whole 1480-byte segment) beside it.
/// </summary>
[MemoryDiagnoser]
public class ChecksumBenchmarks
{
    private byte[] _payload = [];
    private byte[] _segment = [];

    [GlobalSetup]
    public void Setup()
    {
        var frame = BenchFrames.FullSizeData();
        _segment = frame[(EthernetFrame.HeaderLength + Ipv4Packet.MinHeaderLength)..];
        _payload = _segment[TcpPacket.MinHeaderLength..];
        BenchmarkGuard.Require(_payload.Length == BenchFrames.FullSizePayload, $"payload is {_payload.Length} bytes");
        var reference = ScalarReference();
        BenchmarkGuard.Agree(InternetChecksumCompute(), reference, "InternetChecksum.Compute vs scalar loop");
        BenchmarkGuard.Agree((ushort)~PacketDotNetOnesSum(), reference, "PacketDotNet ChecksumUtils.OnesSum vs scalar loop");
        BenchmarkGuard.Require(TcpPacketVerifyChecksum(), "TcpPacket.VerifyChecksum rejects a valid segment");
        var pseudo = InternetChecksum.PseudoHeaderSum(BenchFrames.ClientIp, BenchFrames.ServerIp, (byte)IpProtocol.Tcp, _segment.Length);
        BenchmarkGuard.Require(ScalarChecksum.Compute(_segment, pseudo) == 0, "scalar loop does not verify the segment");
    }

    [Benchmark(Baseline = true, Description = "scalar RFC 1071 loop, 1460 B")]
    public ushort ScalarReference() => ScalarChecksum.Compute(_payload);

    [Benchmark(Description = "InternetChecksum.Compute, 1460 B")]
    public ushort InternetChecksumCompute() => InternetChecksum.Compute(_payload);

    [Benchmark(Description = "PacketDotNet ChecksumUtils.OnesSum, 1460 B")]
    public int PacketDotNetOnesSum() => Pdn.Utils.ChecksumUtils.OnesSum(_payload, 0, _payload.Length);

    [Benchmark(Description = "TcpPacket.VerifyChecksum, 1480 B segment + pseudo-header")]
    public bool TcpPacketVerifyChecksum() =>
        TcpPacket.TryParse(_segment, out var tcp, out _) && tcp.VerifyChecksum(BenchFrames.ClientIp, BenchFrames.ServerIp);
}
