using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>Spec §15 S17 and §17.7: TCP_DEFER_ACCEPT = 5 s (3 retransmission periods).</summary>
public class DeferAcceptTests
{
    private readonly ListenTestBed _bed = new(options: new SocketOptions { DeferAcceptSeconds = 5 });
    private readonly RequestSockCore _core;
    private readonly uint _s;

    public DeferAcceptTests()
    {
        Assert.Equal(3, _bed.Listener.DeferAcceptRetrans);
        _core = _bed.Open(Syn());
        _s = _bed.ExpectedIsn();
        Assert.Equal(3, _core.State.DeferAcceptRetrans);
        _bed.Out.Clear();
    }

    private TcpSegment BareAck(long synAckTime) => Ack(ClientIsn + 1, _s + 1, ClientTsVal, _bed.TsVal(synAckTime));

    /// <summary>Fires the timer at its deadline; returns (deadline, SYN-ACK sent?).</summary>
    private (long At, bool Sent, RequestTimerVerdict Verdict) Fire()
    {
        var at = _bed.Out.Timers[TcpTimer.SynAck];
        _bed.Out.Clear();
        var verdict = _core.OnTimer(at, _bed.Out);
        return (at, _bed.Out.Sent.Count == 1, verdict);
    }

    [Fact]
    public void S17_bare_ack_is_dropped_and_the_syn_ack_is_held_back_until_about_7_s()
    {
        Assert.Equal(CheckReqVerdict.Consumed, _core.OnSegment(BareAck(T0), T0 + 50 * Milli, _bed.Out));
        Assert.Empty(_bed.Out.Sent);
        Assert.True(_core.State.Acked);
        Assert.Equal(1, _bed[MibCounter.TcpExtTCPDeferAcceptDrop]);

        Assert.Equal((T0 + Second, false, RequestTimerVerdict.Rearmed), Fire());
        Assert.Equal((T0 + 3 * Second, false, RequestTimerVerdict.Rearmed), Fire());
        Assert.Equal((T0 + 7 * Second, true, RequestTimerVerdict.Rearmed), Fire());
        Assert.Equal((T0 + 15 * Second, true, RequestTimerVerdict.Rearmed), Fire());
        Assert.Equal((T0 + 31 * Second, true, RequestTimerVerdict.Rearmed), Fire());
        Assert.Equal((T0 + 63 * Second, false, RequestTimerVerdict.Expired), Fire());
        Assert.Equal(0, _bed.Context.Queue.Length);
        Assert.Equal(3, _bed[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(6, _bed[MibCounter.TcpExtTCPTimeouts]);
    }

    [Fact]
    public void S17_the_ack_to_the_late_syn_ack_makes_the_connection_acceptable_without_data()
    {
        _core.OnSegment(BareAck(T0), T0 + 50 * Milli, _bed.Out);
        Fire();
        Fire();
        var (at, sent, _) = Fire();
        Assert.True(sent);
        Assert.Equal(3, _core.State.NumTimeout);
        Assert.Equal(CheckReqVerdict.ChildWanted, _core.OnSegment(BareAck(at), at + 50 * Milli, _bed.Out));
        Assert.Equal(1, _bed[MibCounter.TcpExtTCPDeferAcceptDrop]);
    }

    [Fact]
    public void S17_data_creates_the_child_at_once()
    {
        _core.OnSegment(BareAck(T0), T0 + 50 * Milli, _bed.Out);
        var data = Ack(ClientIsn + 1, _s + 1, ClientTsVal + 1, _bed.TsVal(T0), payload: 20, extra: TcpFlags.Psh);
        Assert.Equal(CheckReqVerdict.ChildWanted, _core.OnSegment(data, T0 + 2 * Second, _bed.Out));
    }

    [Fact]
    public void S17_a_fin_without_data_is_not_a_bare_ack()
    {
        var fin = Ack(ClientIsn + 1, _s + 1, ClientTsVal, _bed.TsVal(T0), extra: TcpFlags.Fin);
        Assert.Equal(CheckReqVerdict.ChildWanted, _core.OnSegment(fin, T0 + 50 * Milli, _bed.Out));
        Assert.Equal(0, _bed[MibCounter.TcpExtTCPDeferAcceptDrop]);
    }

    [Fact]
    public void S17_without_the_bare_ack_syn_acks_keep_the_normal_schedule()
    {
        long[] expected = [1, 3, 7, 15, 31];
        foreach (var second in expected)
            Assert.Equal((T0 + second * Second, true, RequestTimerVerdict.Rearmed), Fire());
        Assert.Equal((T0 + 63 * Second, false, RequestTimerVerdict.Expired), Fire());
    }
}
