using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;
using static Hashdance.Protocol.Tests.Tcp.Timers.TimerTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Timers;

/// <summary>tcp_keepalive_timer with SO_KEEPALIVE, TCP_KEEPIDLE / TCP_KEEPINTVL / TCP_KEEPCNT and TCP_USER_TIMEOUT.</summary>
public class KeepaliveTests
{
    private const long Second = 1_000_000;

    private static readonly SocketOptions Short = new() { KeepAlive = true, KeepIdleSeconds = 10, KeepIntervalSeconds = 5, KeepCount = 3 };

    [Fact]
    public void Linux_defaults_probe_after_7200_s_of_silence_then_every_75_s()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, new SocketOptions { KeepAlive = true });
        Assert.Equal(T0 + 7200 * Second, output.Timers[TcpTimer.Keepalive]);

        var t = T0 + 7200 * Second;
        core.OnTimer(TcpTimer.Keepalive, t, output);

        AssertBareProbe(output.Single(), 1, t);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPKeepAlive]);
        Assert.Equal(1, core.ProbesOut);
        Assert.Equal(t + 75 * Second, output.Timers[TcpTimer.Keepalive]);
    }

    [Fact]
    public void Without_an_answer_keepcnt_probes_end_in_an_rst_and_etimedout()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, Short);
        var deadlines = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            var t = output.Timers[TcpTimer.Keepalive];
            deadlines.Add(t);
            core.OnTimer(TcpTimer.Keepalive, t, output);
        }

        Assert.Equal([T0 + 10 * Second, T0 + 15 * Second, T0 + 20 * Second, T0 + 25 * Second], deadlines);
        Assert.Equal(4, output.Sent.Count);
        for (var i = 0; i < 3; i++) AssertBareProbe(output.Sent[i].Segment, 1, deadlines[i]);
        var rst = output.Sent[3].Segment;
        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, rst.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 1), rst.Seq);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
        Assert.Equal(3, mib[MibCounter.TcpExtTCPKeepAlive]);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPAbortOnTimeout]);
        Assert.Equal(1, mib[MibCounter.TcpEstabResets]);
        Assert.Equal(T0 + 25 * Second, output.Timers[TcpTimer.Keepalive]);
    }

    [Fact]
    public void An_answered_probe_resets_the_count_and_the_next_probe_waits_for_the_idle_time_again()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, Short);
        core.OnTimer(TcpTimer.Keepalive, T0 + 10 * Second, output);
        Assert.Equal(1, core.ProbesOut);
        output.Clear();

        // The peer's duplicate ACK answers the out-of-window probe.
        Ack(core, output, 1, T0 + 11 * Second);
        Assert.Equal(0, core.ProbesOut);

        core.OnTimer(TcpTimer.Keepalive, T0 + 15 * Second, output);
        Assert.Empty(output.Sent);
        // Heard from at 11 s: the idle time runs out at 21 s.
        Assert.Equal(T0 + 21 * Second, output.Timers[TcpTimer.Keepalive]);
    }

    [Fact]
    public void Data_in_flight_keeps_the_connection_alive_without_probes()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, Short);
        core.Send(Payload(10), T0 + 9 * Second, output);
        output.Clear();

        core.OnTimer(TcpTimer.Keepalive, T0 + 10 * Second, output);

        Assert.Empty(output.Sent);
        Assert.Equal(T0 + 20 * Second, output.Timers[TcpTimer.Keepalive]);
        Assert.Equal(0, mib[MibCounter.TcpExtTCPKeepAlive]);
    }

    [Fact]
    public void With_tcp_user_timeout_the_connection_ends_once_that_much_silence_has_passed_with_a_probe_out()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output, Short with { KeepCount = 9, UserTimeoutMs = 12_000 });
        core.OnTimer(TcpTimer.Keepalive, T0 + 10 * Second, output);
        Assert.Equal(1, core.ProbesOut);
        output.Clear();

        core.OnTimer(TcpTimer.Keepalive, T0 + 15 * Second, output);

        Assert.Equal(TcpFlags.Rst | TcpFlags.Ack, output.Single().Flags);
        Assert.Equal(TcpState.Close, core.State);
        Assert.Contains(TcpSocketEvent.TimedOut, output.Events);
        Assert.Equal(1, mib[MibCounter.TcpExtTCPKeepAlive]);
    }

    [Fact]
    public void Setsockopt_so_keepalive_on_a_live_socket_starts_the_timer_and_keepidle_retimes_it()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = Child(mib, output);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Keepalive));

        core.SetOptions(new SocketOptions { KeepAlive = true }, T0 + Second, output);
        Assert.Equal(T0 + Second + 7200 * Second, output.Timers[TcpTimer.Keepalive]);

        // TCP_KEEPIDLE 60 at 31 s: the peer was last heard from at T0, so 30 s are left.
        core.SetOptions(new SocketOptions { KeepAlive = true, KeepIdleSeconds = 60 }, T0 + 30 * Second, output);
        Assert.Equal(T0 + 60 * Second, output.Timers[TcpTimer.Keepalive]);

        core.SetOptions(SocketOptions.Default, T0 + 40 * Second, output);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Keepalive));
    }
}
