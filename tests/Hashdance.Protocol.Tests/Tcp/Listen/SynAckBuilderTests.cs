using Hashdance.Protocol.Config;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>The SYN-ACK of spec §5: header fields, IP fields and the option layouts of the §5.3 table.</summary>
public class SynAckBuilderTests
{
    private static RequestSockState Request(bool ts, bool sack, bool ws, uint tsOffset = 0x1000, bool ecn = false) => new()
    {
        Tuple = Client(40000),
        RcvIsn = new SeqNum(ClientIsn),
        RcvNxt = new SeqNum(ClientIsn + 1),
        SntIsn = new SeqNum(0x1234_5678),
        Mss = 1460,
        AdvertisedMss = 1460,
        TsRecent = ts ? 777u : 0,
        TsOffset = tsOffset,
        TimestampOk = ts,
        SackOk = sack,
        WindowScaleOk = ws,
        SndWscale = ws ? (byte)7 : (byte)0,
        RcvWscale = ws ? (byte)10 : (byte)0,
        RcvWnd = 70_000,
        WindowClamp = 65535u << 10,
        EcnOk = ecn,
    };

    [Theory]
    [InlineData(true, true, true, "020405b4 0402080a {val} {ecr} 0103030a")]
    [InlineData(true, false, true, "020405b4 0101080a {val} {ecr} 0103030a")]
    [InlineData(false, true, true, "020405b4 01010402 0103030a")]
    [InlineData(true, true, false, "020405b4 0402080a {val} {ecr}")]
    [InlineData(false, false, false, "020405b4")]
    public void Options_follow_the_linux_layout(bool ts, bool sack, bool ws, string layout)
    {
        var bed = new ListenTestBed();
        var request = Request(ts, sack, ws);
        SynAckBuilder.Build(request, T0, bed.Context, out var synAck);

        var tsVal = (uint)(T0 / 1000) + 0x1000;
        Assert.Equal(Bytes(layout, tsVal, 777), OptionBytes(synAck));
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(0x1234_5678u, synAck.Seq.Value);
        Assert.Equal(ClientIsn + 1, synAck.Ack.Value);
        Assert.Equal(65535, synAck.Window); // min(rsk_rcv_wnd, 65535), never scaled
        Assert.Equal(Client(40000), synAck.Tuple);
        Assert.Equal(64, synAck.Ttl);
        Assert.Equal(0, synAck.Tos);
        Assert.True(synAck.DontFragment);
        Assert.Equal(0, synAck.IpId);
        Assert.Equal(T0, request.SntSynAckMicros);
        Assert.Equal(ts ? tsVal : 0, request.SntTsvalFirst);
        Assert.Equal(ts ? tsVal : 0, request.SntTsvalLast);
    }

    [Fact]
    public void Later_syn_acks_keep_the_first_tsval_and_move_the_last()
    {
        var bed = new ListenTestBed();
        var request = Request(true, true, true);
        SynAckBuilder.Build(request, T0, bed.Context, out _);
        SynAckBuilder.Build(request, T0 + 3 * Second, bed.Context, out var second);

        Assert.Equal((uint)(T0 / 1000) + 0x1000, request.SntTsvalFirst);
        Assert.Equal((uint)(T0 / 1000) + 3000 + 0x1000, request.SntTsvalLast);
        Assert.Equal(request.SntTsvalLast, second.Options.Timestamps!.Value.Value);
        Assert.Equal(T0, request.SntSynAckMicros); // snt_synack is the first SYN-ACK's time
    }

    [Fact]
    public void A_computed_first_tsval_of_zero_is_sent_as_all_ones()
    {
        var bed = new ListenTestBed();
        var request = Request(true, true, true, tsOffset: unchecked(0u - (uint)(T0 / 1000)));
        SynAckBuilder.Build(request, T0, bed.Context, out var synAck);

        Assert.Equal(uint.MaxValue, synAck.Options.Timestamps!.Value.Value);
        Assert.Equal(uint.MaxValue, request.SntTsvalFirst);
        Assert.Equal(uint.MaxValue, request.SntTsvalLast);
    }

    [Fact]
    public void Ecn_sets_ece_only_and_the_ip_header_stays_not_ect()
    {
        var bed = new ListenTestBed();
        SynAckBuilder.Build(Request(true, true, true, ecn: true), T0, bed.Context, out var synAck);
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Ece, synAck.Flags);
        Assert.Equal(0, synAck.Tos & 3);
    }

    [Fact]
    public void Ip_ttl_and_tos_come_from_the_listener_or_the_syn_with_reflect_tos()
    {
        var bed = new ListenTestBed(options: new SocketOptions { TimeToLive = 9, TypeOfService = 0x10 });
        var request = Request(false, false, false);
        SynAckBuilder.Build(request, T0, bed.Context, out var plain);
        Assert.Equal(9, plain.Ttl);
        Assert.Equal(0x10, plain.Tos);

        var reflect = new ListenTestBed(TcpSysctls.Default with { TcpReflectTos = 1 }, new SocketOptions { TypeOfService = 0x11 });
        var fromSyn = new RequestSockState { Tuple = Client(40000), AdvertisedMss = 1460, SynTos = 0xB8 | 2 };
        SynAckBuilder.Build(fromSyn, T0, reflect.Context, out var reflected);
        Assert.Equal(0xB8 | 1, reflected.Tos); // the SYN's DSCP, the listener's ECN bits
    }

    [Fact]
    public void Without_pmtu_discovery_df_is_clear()
    {
        var bed = new ListenTestBed(TcpSysctls.Default with { IpNoPmtuDisc = 1 });
        SynAckBuilder.Build(Request(false, false, false), T0, bed.Context, out var synAck);
        Assert.False(synAck.DontFragment);
    }
}
