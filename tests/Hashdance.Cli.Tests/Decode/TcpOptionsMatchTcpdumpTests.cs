using Hashdance.Cli.Tests.Infrastructure;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>Every TCP option kind tcpdump knows, unknown kinds, and malformed option areas.</summary>
public sealed class TcpOptionsMatchTcpdumpTests
{
    private static byte[] WithOptions(byte flags, byte[] options, byte[]? payload = null) =>
        TcpFrame(flags, options: options, payload: payload);

    [TcpdumpFact]
    public void LinuxSynAndEstablishedOptionsPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            WithOptions(Syn, Options(2, 4, 5, 180, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7)),
            WithOptions(Syn | Ack, Options(2, 4, 5, 180, 1, 1, 4, 2, 1, 3, 3, 14)),
            WithOptions(Ack, Options(1, 1, 8, 10, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0)),
            WithOptions(Ack, Options(1, 1, 5, 10, 0, 0, 0, 100, 0, 0, 0, 200)),
            WithOptions(Ack, Options(1, 1, 5, 34, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0, 6, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0)),
            WithOptions(Ack, Options(1, 1, 5, 2)),
            WithOptions(Ack, Options(1, 1, 5, 6, 0, 0, 0, 1)),
            WithOptions(Syn, Options(2, 4, 0, 0, 0, 0, 0, 0)),
            WithOptions(Syn, Options(0)),
            WithOptions(Syn, Options(3, 3, 255, 0, 2, 4, 1, 0)),
        ], expectedLines: 10);
    }

    [TcpdumpFact]
    public void FastOpenAndExperimentalOptionsPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            WithOptions(Syn, Options(2, 4, 5, 180, 34, 2)),
            WithOptions(Syn, Options(2, 4, 5, 180, 34, 10, 1, 2, 3, 4, 5, 6, 7, 8), Ascii("data")),
            WithOptions(Syn, Options(34, 5, 1, 2, 3)),
            WithOptions(Syn, Options(34, 20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18)),
            WithOptions(Syn, Options(254, 4, 0xF9, 0x89)),
            WithOptions(Syn, Options(254, 12, 0xF9, 0x89, 0xDE, 0xAD, 0xBE, 0xEF, 0xCA, 0xFE, 0xBA, 0xBE)),
            WithOptions(Syn, Options(254, 7, 0xF9, 0x89, 1, 2, 3)),
            WithOptions(Syn, Options(254, 6, 0x12, 0x34, 0xAB, 0xCD)),
            WithOptions(Syn, Options(254, 3, 0x12, 1)),
            WithOptions(Syn, Options(254, 2)),
        ], expectedLines: 10);
    }

    [TcpdumpFact]
    public void HistoricAndAuthenticationOptionsPrintAsTcpdump()
    {
        var md5 = new[] { 19, 18 }.Concat(Enumerable.Range(0xA0, 16)).ToArray();
        DecodeAssert.MatchesTcpdump(
        [
            WithOptions(Ack, Options(6, 6, 0, 0, 1, 0, 7, 6, 0, 0, 2, 0)),
            WithOptions(Ack, Options(11, 6, 0, 0, 0, 9, 12, 6, 0, 0, 0, 10, 13, 6, 0, 0, 0, 11)),
            WithOptions(Ack, Options(md5)),
            WithOptions(Psh | Ack, Options(md5), Ascii("payload")),
            WithOptions(Ack, Options(20, 4, 0xAB, 9)),
            WithOptions(Ack, Options(28, 4, 0x01, 0x2D, 28, 4, 0x02, 0x58)),
            WithOptions(Ack, Options(29, 4, 7, 9)),
            WithOptions(Ack, Options(29, 8, 7, 9, 0xDE, 0xAD, 0xBE, 0xEF)),
            WithOptions(Ack, Options(29, 3, 7)),
            WithOptions(Ack, Options(29, 2)),
        ], expectedLines: 10);
    }

    [TcpdumpFact]
    public void MultipathOptionsPrintAsTcpdump()
    {
        var key = new[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var otherKey = new[] { 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18 };
        DecodeAssert.MatchesTcpdump(
        [
            WithOptions(Syn, Options([30, 12, 0x00, 0x81, .. key])),
            WithOptions(Syn, Options(30, 4, 0x01, 0x01)),
            WithOptions(Ack, Options([30, 20, 0x00, 0x01, .. key, .. otherKey])),
            WithOptions(Ack, Options([30, 22, 0x01, 0x81, .. key, .. otherKey, 0, 5])),
            WithOptions(Ack, Options(30, 4, 0x05, 0x00)),
            WithOptions(Syn, Options(30, 4, 0x02, 0x00)),
            WithOptions(Syn, Options(30, 12, 0x11, 0x03, 0xAA, 0xBB, 0xCC, 0xDD, 0x01, 0x02, 0x03, 0x04)),
            WithOptions(Syn | Ack, Options([30, 16, 0x10, 0x02, .. key, 0, 0, 0, 9])),
            WithOptions(Ack, Options([30, 24, 0x10, 0x00, .. Enumerable.Range(1, 20)])),
            WithOptions(Ack, Options(30, 12, 0x10, 0x00, 1, 2, 3, 4, 5, 6, 7, 8)),
            WithOptions(Ack, Options([30, 20, 0x20, 0x1F, .. key, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0])),
            WithOptions(Ack, Options([30, 20, 0x20, 0x07, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 2, 0, 7, 0xAB, 0xCD])),
            WithOptions(Ack, Options(30, 8, 0x20, 0x01, 0, 0, 0, 9)),
            WithOptions(Ack, Options(30, 6, 0x20, 0x01, 0, 0)),
            WithOptions(Syn, Options(30, 8, 0x20, 0x01, 0, 0, 0, 9)),
            WithOptions(Ack, Options(30, 8, 0x30, 0x03, 10, 0, 0, 1)),
            WithOptions(Ack, Options(30, 10, 0x30, 0x04, 10, 0, 0, 1, 0x1F, 0x90)),
            WithOptions(Ack, Options([30, 16, 0x31, 0x05, 10, 0, 0, 1, .. key])),
            WithOptions(Ack, Options([30, 18, 0x31, 0x06, 10, 0, 0, 1, 0x1F, 0x90, .. key])),
            WithOptions(Ack, Options([30, 20, 0x36, 0x07, 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])),
            WithOptions(Ack, Options([30, 30, 0x36, 0x08, 0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 80, .. key])),
            WithOptions(Ack, Options(30, 8, 0x3F, 0x03, 10, 0, 0, 1)),
            WithOptions(Ack, Options(30, 9, 0x30, 0x03, 10, 0, 0, 1, 0)),
            WithOptions(Ack, Options(30, 6, 0x40, 1, 2, 3)),
            WithOptions(Ack, Options(30, 3, 0x40)),
            WithOptions(Ack, Options(30, 4, 0x51, 7)),
            WithOptions(Ack, Options(30, 3, 0x50)),
            WithOptions(Ack, Options(30, 5, 0x50, 1, 2)),
            WithOptions(Ack, Options([30, 12, 0x60, 0, .. key])),
            WithOptions(Ack, Options([30, 12, 0x70, 0, .. otherKey])),
            WithOptions(Ack, Options(30, 4, 0x80, 0)),
            WithOptions(Ack, Options(30, 4, 0xF0, 0)),
            WithOptions(Ack, Options(30, 2)),
        ], expectedLines: 33);
    }

    [TcpdumpFact]
    public void UnknownAndMalformedOptionsPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            WithOptions(Ack, Options(99, 6, 1, 2, 3, 4)),
            WithOptions(Ack, Options(99, 2, 200, 3, 0xFF)),
            WithOptions(Ack, Options(2, 0)),
            WithOptions(Ack, Options(2, 1)),
            WithOptions(Ack, Options(1, 1, 2, 9)),
            WithOptions(Ack, Options(1, 1, 1, 2)),
            WithOptions(Ack, Options(1, 1, 1, 2), Ascii("xyz")),
            WithOptions(Ack, Options(1, 1, 1, 99), Ascii("\u0001abc")),
            WithOptions(Ack, Options(2, 3, 5, 180)),
            WithOptions(Ack, Options(2, 5, 5, 180, 0, 1, 1, 1)),
            WithOptions(Ack, Options(2, 2, 1, 1)),
            WithOptions(Ack, Options(2, 4, 5)),
            WithOptions(Ack, Options(4, 3, 1, 1)),
            WithOptions(Ack, Options(4, 4, 1, 1)),
            WithOptions(Ack, Options(3, 2, 1, 1)),
            WithOptions(Ack, Options(3, 4, 7, 1)),
            WithOptions(Ack, Options(8, 8, 0, 0, 0, 1, 0, 0, 0, 2)),
            WithOptions(Ack, Options(8, 12, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 1)),
            WithOptions(Ack, Options(1, 1, 8, 10, 0, 0, 0, 1, 0, 0)),
            WithOptions(Ack, Options(5, 3, 0, 0)),
            WithOptions(Ack, Options(5, 10, 0, 0, 0, 1)),
            WithOptions(Ack, Options(19, 4, 0, 0)),
            WithOptions(Ack, Options(0, 2, 4, 0)),
            WithOptions(Ack, Options(1, 0, 2, 4, 5, 180, 0, 0)),
            WithOptions(Ack, Options(20, 2, 1, 1)),
            WithOptions(Ack, Options(28, 3, 1, 1)),
            WithOptions(Ack, Options(6, 4, 0, 0)),
        ], expectedLines: 27);
    }

    [TcpdumpFact]
    public void HeaderLengthsOutsideTheSegmentPrintAsTcpdump()
    {
        DecodeAssert.MatchesTcpdump(
        [
            Ethernet(0x0800, Ipv4(6, Tcp(Ack, dataOffsetWords: 4))),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack, dataOffsetWords: 0, payload: new byte[4]))),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack, dataOffsetWords: 15))),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack, dataOffsetWords: 6))),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack, dataOffsetWords: 7, payload: Bytes(2, 4, 5, 180)))),
        ], expectedLines: 5);
    }
}
