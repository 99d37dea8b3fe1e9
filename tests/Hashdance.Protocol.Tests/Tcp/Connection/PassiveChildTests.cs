using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

public class PassiveChildTests
{
    [Fact]
    public void FromRequest_copies_the_request_as_tcp_create_openreq_child_does()
    {
        var mib = new MibCounters();
        var ack = FromClient(TcpFlags.Ack, 1, 1, window: 502);
        var core = TcpConnectionCore.FromRequest(Request(), Listener(mib), ack, 100_000);

        Assert.Equal(TcpState.SynRecv, core.State);
        Assert.Equal(new SeqNum(ClientIsn + 1), core.RcvNxt);
        Assert.Equal(new SeqNum(ClientIsn + 1), core.CopiedSeq);
        Assert.Equal(new SeqNum(ClientIsn + 1), core.RcvWup);
        Assert.Equal(new SeqNum(ServerIsn + 1), core.SndUna);
        Assert.Equal(new SeqNum(ServerIsn + 1), core.SndNxt);
        Assert.Equal(new SeqNum(ClientIsn), core.SndWl1);
        Assert.Equal(65_160u, core.RcvWnd);
        Assert.Equal(65_535u << 10, core.WindowClamp);
        Assert.Equal((byte)7, core.SndWscale);
        Assert.Equal((byte)10, core.RcvWscale);
        Assert.Equal(502u << 7, core.SndWnd);
        Assert.Equal(502u << 7, core.MaxWindow);
        Assert.Equal(ClientTsVal, core.TsRecent);
        Assert.Equal(RequestTsOffset, core.TsOffset);
        Assert.Equal(1460, core.MssClamp);
        Assert.Equal(1460, core.AdvMss);
        Assert.Equal(1448, core.Mss);
        Assert.Equal(32, core.TcpHeaderLength);
        Assert.True(core.TimestampOk);
        Assert.True(core.SackOk);
        Assert.Equal(536, core.RcvMss);
        // The listener counts PassiveOpens; the child counts nothing.
        Assert.Equal(0, mib[MibCounter.TcpPassiveOpens]);
    }

    [Fact]
    public void Without_window_scaling_both_scales_are_zero_and_the_clamp_is_65535()
    {
        var mib = new MibCounters();
        var req = Request();
        var plain = new RequestSockState
        {
            Tuple = req.Tuple, RcvIsn = req.RcvIsn, RcvNxt = req.RcvNxt, SntIsn = req.SntIsn, Mss = 536,
            AdvertisedMss = 1460, RcvWnd = 64_240, WindowClamp = 65_535u << 10, RcvWscale = 10, SndWscale = 7,
        };
        var ack = Seg.Make(TcpFlags.Ack, ClientIsn + 1, ServerIsn + 1, 64_240, settings: TcpParseSettings.ForEstablished(false, false));
        var core = TcpConnectionCore.FromRequest(plain, Listener(mib), ack, 0);

        Assert.Equal((byte)0, core.SndWscale);
        Assert.Equal((byte)0, core.RcvWscale);
        Assert.Equal(65_535u, core.WindowClamp);
        Assert.Equal(64_240u, core.SndWnd);
        Assert.Equal(536, core.Mss);
        Assert.Equal(20, core.TcpHeaderLength);
    }

    [Fact]
    public void The_third_ack_moves_the_child_to_established_silently()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var ack = FromClient(TcpFlags.Ack, 1, 1, tsVal: ClientTsVal + 10, tsEcr: 4242);
        var core = TcpConnectionCore.FromRequest(Request(), Listener(mib), ack, 100_000);

        core.OnSegment(ack, default, 100_000, output);

        Assert.Equal(TcpState.Established, core.State);
        Assert.Equal([TcpSocketEvent.Established], output.Events);
        Assert.Empty(output.Sent);
        Assert.Equal(new SeqNum(ServerIsn + 1), core.SndUna);
        Assert.Equal(502u << 7, core.SndWnd);
        Assert.Equal(new SeqNum(ClientIsn + 1), core.SndWl1);
        // advmss loses the timestamp option once TS is in use; mss_cache already had.
        Assert.Equal(1448, core.AdvMss);
        Assert.Equal(1448, core.Mss);
        Assert.Equal(ClientTsVal + 10, core.TsRecent);
        // tcp_init_buffer_space: clamp = full space − one advmss reserved; rcv_ssthresh follows.
        Assert.Equal(65_536u - 1448, core.WindowClamp);
        Assert.Equal(65_536u - 1448, core.RcvSsthresh);
        Assert.Equal(10, core.SndCwnd);
    }

    [Fact]
    public void Third_ack_with_data_is_queued_and_acked_at_once_in_quickack_mode()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var ack = FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 100, tsVal: 1010);
        var core = TcpConnectionCore.FromRequest(Request(), Listener(mib), ack, 100_000);

        core.OnSegment(ack, Payload(100), 100_000, output);

        Assert.Equal(TcpState.Established, core.State);
        Assert.Equal([TcpSocketEvent.Established, TcpSocketEvent.DataReadable], output.Events);
        Assert.Equal(100, core.ReadableBytes);
        var reply = output.Single();
        Assert.Equal(TcpFlags.Ack, reply.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), reply.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 101), reply.Ack);
        // Never shrink: 65160 − 100 left of the SYN-ACK's offer, rounded up to 1 << 10, is 65536 → 64.
        Assert.Equal(64, reply.Window);
        Assert.Equal(new TcpTimestamps(100 + RequestTsOffset, 1010), reply.Options.Timestamps);
        Assert.Equal(0, reply.Options.SackBlockCount);
        Assert.Equal(15, core.QuickAcks);

        var buffer = new byte[200];
        Assert.Equal(100, core.Read(buffer));
        Assert.Equal(Payload(100), buffer[..100]);
        Assert.Equal(new SeqNum(ClientIsn + 101), core.CopiedSeq);
    }

    [Fact]
    public void Window_scale_7_gives_the_well_known_win_509()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var req = Request();
        var ws7 = new RequestSockState
        {
            Tuple = req.Tuple, RcvIsn = req.RcvIsn, RcvNxt = req.RcvNxt, SntIsn = req.SntIsn, Mss = 1460, AdvertisedMss = 1460,
            TsRecent = req.TsRecent, TsOffset = req.TsOffset, TimestampOk = true, SackOk = true, WindowScaleOk = true,
            SndWscale = 7, RcvWscale = 7, RcvWnd = 65_160, WindowClamp = 65_535u << 7,
        };
        var ack = FromClient(TcpFlags.Ack | TcpFlags.Psh, 1, 1, payloadLength: 100);
        var core = TcpConnectionCore.FromRequest(ws7, Listener(mib), ack, 0);
        core.OnSegment(ack, Payload(100), 0, output);

        // ALIGN(65160 − 100, 128) >> 7.
        Assert.Equal(509, output.Single().Window);
    }

    [Fact]
    public void An_unacceptable_ack_in_syn_recv_is_answered_with_a_reset()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var good = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(), Listener(mib), good, 0);
        var bad = FromClient(TcpFlags.Ack, 1, 50);

        core.OnSegment(bad, default, 0, output);

        var rst = output.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 50), rst.Seq);
        Assert.Equal(0, rst.Window);
        Assert.Equal(TcpState.SynRecv, core.State);
    }
}
