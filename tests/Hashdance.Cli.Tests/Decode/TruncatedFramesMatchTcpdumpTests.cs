using Hashdance.Cli.Tests.Infrastructure;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>
/// Frames cut by the snapshot length at every possible byte: tcpdump stops where its printer runs out of captured
/// data and appends <c>[|proto]</c>, and decode must stop at the same place with the same marker.
/// </summary>
public sealed class TruncatedFramesMatchTcpdumpTests
{
    private static IEnumerable<CaptureFile.Record> EveryCut(byte[] frame) =>
        Enumerable.Range(1, frame.Length).Select(captured => CaptureFile.Record.Cut(frame, captured));

    private static void EveryCutMatchesTcpdump(byte[] frame) =>
        DecodeAssert.MatchesTcpdump(EveryCut(frame), expectedLines: frame.Length);

    [TcpdumpFact]
    public void SynWithLinuxOptionsCutAtEveryByte() =>
        EveryCutMatchesTcpdump(TcpFrame(Syn, options: Options(2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7)));

    [TcpdumpFact]
    public void SackAndUnknownOptionsCutAtEveryByte() =>
        EveryCutMatchesTcpdump(TcpFrame(Ack, options: Options(1, 1, 5, 18, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 99, 4, 1, 2, 29, 6, 1, 2, 3, 4)));

    [TcpdumpFact]
    public void FastOpenMd5AndMultipathOptionsCutAtEveryByte()
    {
        EveryCutMatchesTcpdump(TcpFrame(Syn, options: Options(34, 6, 1, 2, 3, 4, 254, 8, 0xF9, 0x89, 5, 6, 7, 8, 30, 4, 0x01, 0x01)));
        EveryCutMatchesTcpdump(TcpFrame(Psh | Ack, options: Options([19, 18, .. Enumerable.Range(1, 16)]), payload: Ascii("signed")));
    }

    [TcpdumpFact]
    public void HttpRequestCutAtEveryByte() =>
        EveryCutMatchesTcpdump(TcpFrame(Psh | Ack, payload: Ascii("GET / HTTP/1.1\r\nHost: a\r\n\r\n"), destinationPort: 8080));

    [TcpdumpFact]
    public void IpOptionsAndPaddedFramesCutAtEveryByte()
    {
        EveryCutMatchesTcpdump(Ethernet(0x0800, Ipv4(6, Tcp(Ack), options: Options(1, 1, 1, 1, 1, 1, 1, 1))));
        EveryCutMatchesTcpdump(TcpFrame(Rst | Ack, padTo: 60));
    }

    [TcpdumpFact]
    public void IcmpArpUdpAndIpv6CutAtEveryByte()
    {
        EveryCutMatchesTcpdump(IcmpErrorFrame(3, 3, 0, Ipv4(6, Tcp(Syn), ClientIp, ServerIp)));
        EveryCutMatchesTcpdump(IcmpFrame(8, 0, 0x0001_0002, new byte[16]));
        EveryCutMatchesTcpdump(IcmpFrame(9, 0, 0x0102_0708, Bytes(10, 0, 0, 1, 0, 0, 0, 5, 10, 0, 0, 2, 0, 0, 0, 6)));
        EveryCutMatchesTcpdump(Ethernet(0x0806, Arp(1, ClientMac, ClientIp, ServerMac, ServerIp)));
        EveryCutMatchesTcpdump(Ethernet(0x0800, Ipv4(17, Udp(40000, 9999, new byte[6]))));
        EveryCutMatchesTcpdump(Ethernet(0x86DD, Ipv6(6, Tcp(Syn, options: Options(2, 4, 5, 160)))));
        EveryCutMatchesTcpdump(Ethernet(0x8100, [0x00, 0x64, 0x08, 0x00, .. Ipv4(6, Tcp(Syn))]));
        var unknownType = Ethernet(0x1234, Ascii("0123456789abcdefghijk"));
        // 13 cuts inside the Ethernet header, then a header line plus one hex line per started 16 bytes.
        DecodeAssert.MatchesTcpdump(EveryCut(unknownType), expectedLines: 13 + 22 + 16 * 1 + 5 * 2);
    }

    [TcpdumpFact]
    public void DatagramsLongerThanTheFrameSayHowManyBytesAreMissing()
    {
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x0800, Ipv4(6, Tcp(Psh | Ack, payload: new byte[100]))[..60]),
            Ethernet(0x0800, Ipv4(6, Tcp(Syn, options: Options(2, 4, 5, 180)))[..42]),
            Ethernet(0x0800, Ipv4(6, Tcp(Syn))[..30]),
            Ethernet(0x0800, Ipv4(1, Icmp(8, 0, 1, new byte[56]))[..30]),
        ], expectedLines: 4);
    }

    [TcpdumpFact]
    public void InvalidRecordHeadersAreReportedAsTcpdumpDoes()
    {
        var frame = TcpFrame(Ack);
        DecodeAssert.MatchesTcpdump(
        [
            new CaptureFile.Record([], 60),
            new CaptureFile.Record(frame, 40),
            new CaptureFile.Record([], 0),
            new CaptureFile.Record(frame, frame.Length),
        ], expectedLines: 4);
    }

    [TcpdumpFact]
    public void TimestampsBeyond2038AreReportedAsTcpdumpDoes()
    {
        using var stream = new MemoryStream();
        using (var writer = new Hashdance.NicIo.PcapFileWriter(stream, leaveOpen: true))
        {
            writer.Write(TcpFrame(Syn), 0x7FFF_FFFFL * 1_000_000 + 999_999);
            writer.Write(TcpFrame(Syn), 0x8000_0000L * 1_000_000);
            writer.Write(TcpFrame(Syn), 0xFFFF_FFFFL * 1_000_000 + 1);
            writer.Write(TcpFrame(Syn), 0);
        }
        using var capture = CaptureFile.WriteBytes(stream.ToArray());
        DecodeAssert.MatchesTcpdump(capture, expectedLines: 4);
    }

    [TcpdumpFact]
    public void NanosecondAndBigEndianCapturesMatchTcpdump()
    {
        using var capture = CaptureFile.Write([TcpFrame(Syn), IcmpFrame(8, 0, 1, new byte[8]), TcpFrame(Fin | Ack)]);
        foreach (var (bigEndian, nanosecond) in new[] { (true, false), (false, true), (true, true) })
        {
            using var variant = CaptureFile.WriteBytes(PcapVariants.Convert(capture.ReadAllBytes(), bigEndian, nanosecond, extraNanoseconds: 999));
            DecodeAssert.MatchesTcpdump(variant, expectedLines: 3);
        }
    }
}
