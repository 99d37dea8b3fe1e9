using Hashdance.Cli.Tests.Infrastructure;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>TCP lines without options: every flag combination a connection produces, and some it never should.</summary>
public sealed class TcpFlagsMatchTcpdumpTests
{
    [TcpdumpFact]
    public void EveryFlagCombinationPrintsAsTcpdump()
    {
        byte[] combinations =
        [
            Syn, Syn | Ack, Ack, Psh | Ack, Fin | Ack, Fin | Psh | Ack, Rst, Rst | Ack, 0, Fin, Syn | Fin, Syn | Rst,
            Syn | Ece | Cwr, Syn | Ack | Ece, Ack | Cwr, Ack | Ece, Urg | Ack, Urg | Psh | Ack, 0xFF, Urg, Psh, Ece, Cwr,
        ];
        var frames = new List<byte[]>();
        foreach (var flags in combinations)
        {
            frames.Add(TcpFrame(flags, urgent: 7));
            frames.Add(TcpFrame(flags, payload: Ascii("0123456789"), urgent: 3));
        }
        DecodeAssert.MatchesTcpdump(frames, expectedLines: 2 * combinations.Length);
    }

    [TcpdumpFact]
    public void AccurateEcnBitIsNotPrinted()
    {
        var segment = Tcp(Syn | Ece | Cwr, accurateEcn: true);
        DecodeAssert.MatchesTcpdump([Ethernet(0x0800, Ipv4(6, segment))], expectedLines: 1);
    }

    [TcpdumpFact]
    public void SequenceNumbersAreAbsoluteAndWrapAroundInDataRanges()
    {
        DecodeAssert.MatchesTcpdump(
        [
            TcpFrame(Psh | Ack, payload: new byte[100], seq: uint.MaxValue - 10, ack: 0),
            TcpFrame(Ack, seq: 0, ack: uint.MaxValue, window: 0),
            TcpFrame(Psh | Ack, payload: new byte[1], seq: 4_294_967_295, window: 65535),
        ], expectedLines: 3);
    }

    [TcpdumpFact]
    public void PaddedDontFragmentAndFragmentedDatagramsPrintTheSameTcpLine()
    {
        DecodeAssert.MatchesTcpdump(
        [
            TcpFrame(Ack, padTo: 60),
            TcpFrame(Ack, payload: Ascii("x"), padTo: 60),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack), flagsAndOffset: 0)),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack), flagsAndOffset: 0x2000)),
            Ethernet(0x0800, Ipv4(6, Tcp(Psh | Ack, payload: new byte[8]), flagsAndOffset: 0x2000 | 185)),
            Ethernet(0x0800, Ipv4(6, Tcp(Psh | Ack, payload: new byte[8]), flagsAndOffset: 0x8000)),
            Ethernet(0x0800, Ipv4(6, Tcp(Syn, options: Options(2, 4, 5, 180)), corruptChecksums: true)),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack), options: Options(1, 1, 1, 0))),
            Ethernet(0x0800, Ipv4(6, Tcp(Ack), options: Options(7, 7, 4, 0, 0, 0, 0))),
        ], expectedLines: 9);
    }

    [TcpdumpFact]
    public void HttpPortsShowTheRequestOrStatusLine()
    {
        DecodeAssert.MatchesTcpdump(
        [
            TcpFrame(Psh | Ack, payload: Ascii("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"), destinationPort: 80),
            TcpFrame(Psh | Ack, payload: Ascii("HTTP/1.1 404 Not Found\r\n\r\n"), sourcePort: 8080, destinationPort: 40000),
            TcpFrame(Psh | Ack, payload: Ascii("post /form HTTP/1.0\n"), destinationPort: 8080),
            TcpFrame(Psh | Ack, payload: Ascii("hello world\r\n"), destinationPort: 8080),
            TcpFrame(Psh | Ack, payload: Ascii("GET /no-line-end"), destinationPort: 8080),
            TcpFrame(Psh | Ack, payload: Ascii("GET /cr\rx\r\n"), destinationPort: 8080),
            TcpFrame(Psh | Ack, payload: Ascii("GET /ends-with-cr\r"), destinationPort: 8080),
            TcpFrame(Psh | Ack, payload: Ascii("GET\t/tab\tHTTP/1.1\r\n"), destinationPort: 80),
            TcpFrame(Psh | Ack, payload: [0x47, 0x45, 0x54, 0x20, 0xC3, 0xA9, 0x0D, 0x0A], destinationPort: 80),
            TcpFrame(Psh | Ack, payload: Ascii("HTTP/1.1 2000 Huge\r\n"), sourcePort: 80),
            TcpFrame(Psh | Ack, payload: Ascii(" GET / HTTP/1.1\r\n"), destinationPort: 80),
            TcpFrame(Psh | Ack, payload: Ascii("HTTP/1.1 200"), sourcePort: 80),
            TcpFrame(Psh | Ack, payload: new byte[20], destinationPort: 80),
        ], expectedLines: 13);
    }
}
