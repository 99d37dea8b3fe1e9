using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Listen.ListenTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Listen;

/// <summary>Spec §15 S1 and S3: the normal handshake and the SYN-ACK retransmission schedule.</summary>
public class HandshakeScenarioTests
{
    [Fact]
    public void S1_normal_three_way_handshake()
    {
        var bed = new ListenTestBed();
        var core = bed.Open(Syn());
        var s = bed.ExpectedIsn();

        var synAck = bed.Out.Single();
        Assert.Equal(TcpFlags.Syn | TcpFlags.Ack, synAck.Flags);
        Assert.Equal(s, synAck.Seq.Value);
        Assert.Equal(ClientIsn + 1, synAck.Ack.Value);
        Assert.Equal(65160, synAck.Window); // 45 × 1448 from tcp_rmem[1] = 131072 at ratio 1/2
        Assert.Equal(Bytes("020405b4 0402080a {val} {ecr} 0103030a", bed.TsVal(T0), ClientTsVal), OptionBytes(synAck));
        Assert.Equal(Client(40000), synAck.Tuple);
        Assert.Equal(T0 + Second, bed.Out.Timers[TcpTimer.SynAck]);
        Assert.Equal(1, bed.Context.Queue.Length);
        Assert.Equal(1, bed.Context.Queue.Young);

        var state = core.State;
        Assert.Equal(1460, state.Mss);
        Assert.True(state.TimestampOk && state.SackOk && state.WindowScaleOk);
        Assert.Equal(7, state.SndWscale);
        Assert.Equal(10, state.RcvWscale);
        Assert.Equal(bed.TsOffset, state.TsOffset);

        bed.Out.Clear();
        var ack = Ack(ClientIsn + 1, s + 1, ClientTsVal + 5, bed.TsVal(T0));
        Assert.Equal(CheckReqVerdict.ChildWanted, core.OnSegment(ack, T0 + 20 * Milli, bed.Out));
        Assert.Empty(bed.Out.Sent);
        Assert.Equal(ClientTsVal + 5, state.TsRecent); // step 10: the child starts from the ACK's TSval

        Assert.True(bed.Listener.TryQueueChild());
        core.OnHandedToChild(bed.Out);
        Assert.False(bed.Out.Timers.ContainsKey(TcpTimer.SynAck));
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Equal(0, bed.Context.Queue.Young);
        Assert.Equal(1, bed.Context.Queue.AckBacklog);
        Assert.Equal(1, bed[MibCounter.TcpPassiveOpens]);
        Assert.Equal(0, bed[MibCounter.TcpExtListenDrops]);
    }

    [Fact]
    public void S3_syn_ack_is_resent_at_1_3_7_15_31_s_then_the_request_expires_silently_at_63_s()
    {
        var bed = new ListenTestBed();
        var core = bed.Open(Syn());
        var first = bed.Out.Single();
        bed.Out.Clear();

        long[] resends = [1, 3, 7, 15, 31];
        foreach (var at in resends)
        {
            var deadline = bed.Out.Timers[TcpTimer.SynAck];
            Assert.Equal(T0 + at * Second, deadline);
            Assert.Equal(RequestTimerVerdict.Rearmed, core.OnTimer(deadline, bed.Out));
            var again = bed.Out.Single();
            Assert.Equal(first.Seq, again.Seq);
            Assert.Equal(first.Ack, again.Ack);
            Assert.Equal(first.Flags, again.Flags);
            Assert.Equal(first.Window, again.Window);
            Assert.Equal(Bytes("020405b4 0402080a {val} {ecr} 0103030a", bed.TsVal(deadline), ClientTsVal), OptionBytes(again));
            Assert.Equal(0, bed.Context.Queue.Young); // aged at the first expiry
            bed.Out.Clear();
        }

        Assert.Equal(T0 + 63 * Second, bed.Out.Timers[TcpTimer.SynAck]);
        Assert.Equal(RequestTimerVerdict.Expired, core.OnTimer(T0 + 63 * Second, bed.Out));
        Assert.Empty(bed.Out.Sent);
        Assert.False(bed.Out.Timers.ContainsKey(TcpTimer.SynAck));
        Assert.True(core.IsRemoved);
        Assert.Equal(0, bed.Context.Queue.Length);
        Assert.Equal(0, bed.Context.Queue.Young);
        Assert.Equal(6, bed[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(5, bed[MibCounter.TcpExtTCPSynRetrans]);
        Assert.Equal(5, bed[MibCounter.TcpRetransSegs]);
        Assert.Equal(5, core.State.NumRetrans);
        Assert.Equal(5, core.State.NumTimeout);

        // A late ACK finds no request: the ingress hands it to the listener, which resets it.
        var late = Ack(ClientIsn + 1, first.Seq.Value + 1);
        Assert.Equal(CheckReqVerdict.Relookup, core.OnSegment(late, T0 + 64 * Second, bed.Out));
        Assert.Equal(ListenerVerdict.ResetSent, bed.Listener.OnSegment(late, default, T0 + 64 * Second, bed.Out, out _));
        var rst = bed.Out.Single();
        Assert.Equal(TcpFlags.Rst, rst.Flags);
        Assert.Equal(first.Seq.Value + 1, rst.Seq.Value);
        Assert.Equal(0, rst.Window);
        Assert.Equal(0, bed.Context.Queue.Length);
    }

    [Fact]
    public void Under_pressure_old_requests_are_pruned_to_two_retries()
    {
        // listen(fd, 8) with nine requests: while 2 × qlen > max(8, backlog) and none is young any more, the retry
        // limit shrinks from 5 to 2 (reqsk_timer_handler keeps room for new clients). Each expiry relieves the
        // pressure, so once qlen is down to 4 the survivors get their normal retries back.
        var bed = new ListenTestBed(backlog: 8);
        var cores = new List<RequestSockCore>();
        for (ushort i = 0; i < 9; i++)
            cores.Add(bed.Open(Syn(port: (ushort)(40000 + i))));
        Assert.Equal(9, bed.Context.Queue.Young);

        foreach (var core in cores)
            Assert.Equal(RequestTimerVerdict.Rearmed, core.OnTimer(T0 + Second, bed.Out));
        Assert.Equal(0, bed.Context.Queue.Young);
        foreach (var core in cores)
            Assert.Equal(RequestTimerVerdict.Rearmed, core.OnTimer(T0 + 3 * Second, bed.Out));
        bed.Out.Clear();
        var verdicts = cores.Select(core => core.OnTimer(T0 + 7 * Second, bed.Out)).ToArray();

        RequestTimerVerdict[] expected = [.. Enumerable.Repeat(RequestTimerVerdict.Expired, 5), .. Enumerable.Repeat(RequestTimerVerdict.Rearmed, 4)];
        Assert.Equal(expected, verdicts);
        Assert.Equal(4, bed.Out.Sent.Count); // only the survivors resent
        Assert.Equal(4, bed.Context.Queue.Length);
        Assert.Equal(0, bed.Context.Queue.Young);
    }
}
