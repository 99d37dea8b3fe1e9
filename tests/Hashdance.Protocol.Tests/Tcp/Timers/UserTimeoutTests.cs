using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;
using static Hashdance.Protocol.Tests.Tcp.Timers.TimerTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>TCP_USER_TIMEOUT: retransmits_timed_out with the user's limit and tcp_clamp_rto_to_user_timeout.</summary>
public class UserTimeoutTests
{
    private static readonly TcpSysctls NoTlp = TcpSysctls.Default with { TcpEarlyRetrans = 0 };

    [Fact]
    public void Unacknowledged_data_is_given_up_on_once_the_user_timeout_has_passed_since_it_was_sent()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, new SocketOptions { UserTimeoutMs = 1000 }, NoTlp);
        core.Send(Payload(100), T0, output);
        output.Clear();

        var deadlines = new List<long>();
        while (core.State != TcpState.Close && deadlines.Count < 10)
        {
            var t = output.Timers[TcpTimer.Retransmit];
            deadlines.Add(t);
            core.OnTimer(TcpTimer.Retransmit, t, output);
        }

        // RTO 300 ms, then 600 ms, then what is left of the 1 s (100 ms): the third expiry finds it exceeded.
        Assert.Equal([T0 + 300_000, T0 + 900_000, T0 + 1_000_000], deadlines);
        Assert.Equal(2, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(3, mib[MibCounter.TcpExtTCPTimeouts]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnTimeout]);
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
        Assert.Equal(0, core.SendQueueBytes);
    }

    [Fact]
    public void Zero_window_probing_ends_with_etimedout_after_the_user_timeout()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, new SocketOptions { UserTimeoutMs = 2000 });
        Ack(core, output, 1, T0 + 10_000, window: 0);
        core.Send(Payload(100), T0 + 20_000, output);

        var deadlines = new List<long>();
        while (core.State != TcpState.Close && deadlines.Count < 10)
        {
            var t = output.Timers[TcpTimer.ZeroWindowProbe];
            deadlines.Add(t);
            core.OnTimer(TcpTimer.ZeroWindowProbe, t, output);
        }

        // Probing starts at 320 ms; 600 ms, 1.2 s, then what is left of the 2 s (200 ms).
        Assert.Equal([T0 + 320_000, T0 + 920_000, T0 + 2_120_000, T0 + 2_320_000], deadlines);
        Assert.Equal(3, mib[MibCounter.TcpExtTCPWinProbe]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnTimeout]);
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
    }

    [Fact]
    public void An_unanswered_syn_is_given_up_on_once_the_user_timeout_has_passed()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        const long start = 1_000_000;
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(mib, options: new SocketOptions { UserTimeoutMs = 2500 }), start, output);

        var deadlines = new List<long>();
        while (core.State != TcpState.Close && deadlines.Count < 10)
        {
            var t = output.Timers[TcpTimer.Retransmit];
            deadlines.Add(t);
            core.OnTimer(TcpTimer.Retransmit, t, output);
        }

        // Linear 1 s timeouts, the last one cut to what is left of the 2.5 s.
        Assert.Equal([start + 1_000_000, start + 2_000_000, start + 2_500_000], deadlines);
        Assert.Equal(3, output.Sent.Count);
        Assert.All(output.Sent, s => Assert.Equal(TcpFlags.Syn, s.Segment.Flags));
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
        Assert.Equal(1, mib[MibCounter.TcpAttemptFails]);
    }
}
