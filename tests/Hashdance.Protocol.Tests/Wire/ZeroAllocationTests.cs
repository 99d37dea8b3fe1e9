using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

public sealed class ZeroAllocationTests
{
    private static readonly byte[] Syn = TestFrames.TcpFrame(TcpFlags.Syn, TestFrames.EveryOptionKind, []);
    private static readonly byte[] DataFrame = TestFrames.TcpFrame(TcpFlags.Ack | TcpFlags.Psh, [], new byte[1460]);
    private static readonly byte[] Output = new byte[1514];

    /// <summary>One receive-SYN, receive-data, send-SYN-ACK round; returns a value depending on every step.</summary>
    private static long Round()
    {
        long check = 0;
        if (!EthernetFrame.TryParse(Syn, out var ethernet, out _)) return -1;
        if (!Ipv4Packet.TryParse(ethernet.Payload, out var ipView, out _)) return -2;
        if (!Ipv4Repr.TryParse(ipView, out var ip, out _)) return -3;
        if (!TcpRepr.TryParse(ipView.Payload, ip.Source, ip.Destination, TcpParseSettings.Listener, out var syn, out _)) return -4;
        var options = TcpOptions.Parse(TcpPacket.TryParse(ipView.Payload, out var synView, out _) ? synView.Options : default, true, TcpParseSettings.Listener);
        check += options.Mss + syn.Options.FastOpenCookieLength;

        if (!EthernetFrame.TryParse(DataFrame, out var dataEthernet, out _)) return -5;
        if (!Ipv4Repr.TryParse(dataEthernet.Payload, out var dataIp, out _)) return -6;
        if (!Ipv4Packet.TryParse(dataEthernet.Payload, out var dataIpView, out _)) return -7;
        if (!TcpPacket.TryParse(dataIpView.Payload, out var data, out _)) return -8;
        if (!data.VerifyChecksum(dataIp.Source, dataIp.Destination)) return -9;
        check += data.Payload.Length;

        var synAck = new TcpRepr
        {
            SourcePort = syn.DestinationPort,
            DestinationPort = syn.SourcePort,
            SequenceNumber = new SeqNum(12345),
            AckNumber = syn.SequenceNumber + 1,
            Flags = TcpFlags.Syn | TcpFlags.Ack,
            Window = 65160,
            Options = new TcpOptionSet
            {
                Mss = 1460,
                SackPermitted = options.SackPermitted,
                Timestamps = new TcpTimestamps(777, options.TsVal),
                WindowScale = 7,
            },
        };
        var reply = new Ipv4Repr { Source = ip.Destination, Destination = ip.Source, Ttl = 64, DontFragment = true };
        check += FrameBuilder.BuildTcp(Output, new EthernetRepr(ethernet.Destination, ethernet.Source, EtherType.Ipv4), reply, synAck, default);
        return check;
    }

    /// <summary>The out-parameter and view paths: FrameParser both ways, the layout fast path and the walk,
    /// <see cref="TcpRepr.FromPacket(TcpPacket, in TcpParseSettings, out TcpRepr)"/> and the option set.</summary>
    private static long FastPathRound()
    {
        long check = 0;
        if (!FrameParser.TryParseTcpViews(Syn, TcpParseSettings.Listener, out _, out _, out var synView, out var synOptions, out _)) return -1;
        check += synOptions.Mss;
        if (!FrameParser.TryParseTcpViews(LinuxSyn, TcpParseSettings.Listener, out _, out _, out _, out var linuxOptions, out _)) return -2;
        check += linuxOptions.WindowScale;
        if (!FrameParser.TryParseTcpViews(DataFrame, Established, out _, out _, out var dataView, out _, out _)) return -3;
        check += dataView.Payload.Length;
        if (!FrameParser.TryParseTcp(EstablishedFrame, Established, out _, out _, out var tcp, out _, out _)) return -4;
        check += tcp.Options.Timestamps.GetValueOrDefault().Value;
        TcpRepr.FromPacket(synView, TcpParseSettings.Listener, out var synRepr);
        synOptions.ToOptionSet(out var set);
        check += synRepr.Options.FastOpenCookieLength + set.FastOpenCookieLength;
        return check;
    }

    private static readonly byte[] LinuxSyn =
        TestFrames.TcpFrame(TcpFlags.Syn, Convert.FromHexString("020405B40402080A000000010000000001030307"), []);
    private static readonly byte[] EstablishedFrame =
        TestFrames.TcpFrame(TcpFlags.Ack, Convert.FromHexString("0101080A0000000900000008"), new byte[100]);
    private static readonly TcpParseSettings Established = TcpParseSettings.ForEstablished(timestampsOk: true, sackOk: true);

    [Fact]
    public void The_view_and_out_parameter_paths_allocate_nothing()
    {
        var expected = FastPathRound();
        Assert.Equal(1460 + 7 + 1460 + 9 + 8 + 8, expected);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            if (FastPathRound() != expected) Assert.Fail($"round {i} differed");
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Parsing_verifying_and_emitting_allocate_nothing()
    {
        var expected = Round();
        Assert.Equal(1460 + 8 + 1460 + 74, expected);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
            if (Round() != expected) Assert.Fail($"round {i} differed");
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
