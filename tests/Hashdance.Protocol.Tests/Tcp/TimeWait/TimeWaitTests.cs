using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Tests.Tcp.Connection;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.TimeWait;

/// <summary>tcp_timewait_state_process on entries made by a real close (§10, §17.8 of the spec).</summary>
public class TimeWaitTests
{
    // ts_recent_stamp is in whole seconds and 0 means "none" (as ktime_get_seconds() in the first second of boot):
    // the connection starts at 2 s so that the entry keeps its timestamps.
    private const long T0 = 2_000_000;
    private const long Tw = T0 + 40_000;

    /// <summary>Passive child, shutdown(SHUT_WR), ACK of our FIN, then the peer's FIN at <see cref="Tw"/>: true TIME_WAIT.</summary>
    private static TimeWaitCore Entry(MibCounters mib, TcpSysctls? sysctls = null)
    {
        var output = new RecordingOutput();
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(T0 - 100_000), Listener(mib, sysctls), ack, T0);
        core.OnSegment(ack, default, T0, output);
        core.Shutdown(ShutdownHow.Write, T0 + 10_000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);
        core.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1, 2, tsVal: 1030), default, Tw, output);
        return core.TakeTimeWait()!;
    }

    [Fact]
    public void An_out_of_window_ack_gets_the_time_wait_ack_once_per_500_ms()
    {
        var mib = new MibCounters();
        var tw = Entry(mib);
        var old = FromClient(TcpFlags.Ack, 1, 2, tsVal: 1040);

        Assert.Equal(TimeWaitVerdict.AckOutOfWindow, tw.OnSegment(old, Tw + 100_000, out _));
        var reply = tw.BuildAck(Tw + 100_000, outOfWindow: true);
        Assert.Equal(TcpFlags.Ack, reply.Flags);
        Assert.Equal(new SeqNum(ServerIsn + 2), reply.Seq);
        Assert.Equal(new SeqNum(ClientIsn + 2), reply.Ack);
        Assert.Equal((ushort)(tw.RcvWnd >> tw.RcvWscale), reply.Window);
        Assert.Equal(64, reply.Window);
        Assert.Equal(new TcpTimestamps((uint)((Tw + 100_000) / 1000) + RequestTsOffset, 1030), reply.Options.Timestamps);
        Assert.Equal(Tw + 100_000 + 60_000_000, tw.DeadlineMicros);

        Assert.Equal(TimeWaitVerdict.Drop, tw.OnSegment(old, Tw + 500_000, out _));
        Assert.Equal(1, mib[MibCounter.TcpExtTCPACKSkippedTimeWait]);
        Assert.Equal(TimeWaitVerdict.AckOutOfWindow, tw.OnSegment(old, Tw + 600_000, out _));
    }

    [Fact]
    public void A_retransmitted_fin_is_always_acknowledged()
    {
        var tw = Entry(new MibCounters());
        var fin = FromClient(TcpFlags.Fin | TcpFlags.Ack, 1, 2, tsVal: 1040);
        Assert.Equal(TimeWaitVerdict.AckOutOfWindow, tw.OnSegment(fin, Tw + 100_000, out _));
        Assert.Equal(TimeWaitVerdict.AckOutOfWindow, tw.OnSegment(fin, Tw + 200_000, out _));
    }

    [Fact]
    public void An_in_window_rst_kills_the_entry_unless_rfc1337()
    {
        var rst = FromClient(TcpFlags.Rst, 2, 0, tsVal: 1040);
        var tw = Entry(new MibCounters());
        Assert.Equal(TimeWaitVerdict.Drop, tw.OnSegment(rst, Tw + 1000, out _));
        Assert.True(tw.Killed);

        var kept = Entry(new MibCounters(), TcpSysctls.Default with { TcpRfc1337 = 1 });
        Assert.Equal(TimeWaitVerdict.Drop, kept.OnSegment(rst, Tw + 1000, out _));
        Assert.False(kept.Killed);
    }

    [Fact]
    public void A_bare_in_window_ack_re_arms_the_timer_silently()
    {
        var tw = Entry(new MibCounters());
        Assert.Equal(TimeWaitVerdict.Drop, tw.OnSegment(FromClient(TcpFlags.Ack, 2, 2, tsVal: 1040), Tw + 5_000_000, out _));
        Assert.Equal(Tw + 65_000_000, tw.DeadlineMicros);
        Assert.Equal(1040u, tw.TsRecent);
    }

    [Fact]
    public void A_syn_with_a_higher_sequence_number_is_handed_on_with_isn_snd_nxt_plus_65537()
    {
        var tw = Entry(new MibCounters());
        var syn = Seg.Make(TcpFlags.Syn, ClientIsn + 100_000, options: Seg.LinuxSynOptions(tsVal: 5000));

        Assert.Equal(TimeWaitVerdict.Syn, tw.OnSegment(syn, Tw + 1_000_000, out var isn));
        Assert.Equal(ServerIsn + 2 + 65537, isn);
    }

    [Fact]
    public void A_syn_below_rcv_nxt_is_taken_only_with_a_newer_timestamp()
    {
        var mib = new MibCounters();
        var tw = Entry(mib);
        var newer = Seg.Make(TcpFlags.Syn, ClientIsn - 100, options: Seg.LinuxSynOptions(tsVal: 5000));
        Assert.Equal(TimeWaitVerdict.Syn, tw.OnSegment(newer, Tw + 1_000_000, out _));

        // An older TSval fails PAWS: the TIME_WAIT ACK (rate-limited) and PAWSTimewait.
        var older = Seg.Make(TcpFlags.Syn, ClientIsn - 100, options: Seg.LinuxSynOptions(tsVal: 900));
        Assert.Equal(TimeWaitVerdict.AckOutOfWindow, tw.OnSegment(older, Tw + 1_000_000, out _));
        Assert.Equal(1, mib[MibCounter.TcpExtPAWSTimewait]);
    }

    [Fact]
    public void The_table_expires_entries_at_their_deadline_and_honours_re_arming_and_max_tw_buckets()
    {
        var mib = new MibCounters();
        var limit = 1;
        var table = new TimeWaitTable(mib, () => limit);
        var tw = Entry(mib);
        Assert.True(table.TryAdd(tw));
        Assert.Equal(1, mib[MibCounter.TcpExtTW]);
        Assert.False(table.TryAdd(Entry(mib)));
        Assert.Equal(1, mib[MibCounter.TcpExtTCPTimeWaitOverflow]);
        Assert.Equal(Tw + 60_000_000, table.NextDeadlineMicros);

        tw.OnSegment(FromClient(TcpFlags.Ack, 2, 2, tsVal: 1040), Tw + 10_000_000, out _);
        Assert.Equal(0, table.Expire(Tw + 60_000_000));
        Assert.Equal(1, table.Count);
        Assert.Equal(Tw + 70_000_000, table.NextDeadlineMicros);
        Assert.Equal(1, table.Expire(Tw + 70_000_000));
        Assert.Equal(0, table.Count);
        Assert.Null(table.NextDeadlineMicros);
    }

    [Fact]
    public void A_fin_wait2_entry_takes_the_exact_fin_into_time_wait_and_resets_on_new_data()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var ack = FromClient(TcpFlags.Ack, 1, 1);
        var core = TcpConnectionCore.FromRequest(Request(T0 - 100_000), Listener(mib), ack, T0);
        core.OnSegment(ack, default, T0, output);
        core.Close(T0 + 10_000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);
        var tw = core.TakeTimeWait()!;
        Assert.Equal(TcpState.FinWait2, tw.Substate);

        Assert.Equal(TimeWaitVerdict.Ack, tw.OnSegment(FromClient(TcpFlags.Fin | TcpFlags.Ack, 1, 2, tsVal: 1030), T0 + 30_000, out _));
        Assert.Equal(TcpState.TimeWait, tw.Substate);
        Assert.Equal(new SeqNum(ClientIsn + 2), tw.RcvNxt);
        Assert.Equal(T0 + 30_000 + 60_000_000, tw.DeadlineMicros);

        core = TcpConnectionCore.FromRequest(Request(T0 - 100_000), Listener(mib), ack, T0);
        core.OnSegment(ack, default, T0, output);
        core.Close(T0 + 10_000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 2, tsVal: 1020), default, T0 + 20_000, output);
        tw = core.TakeTimeWait()!;
        Assert.Equal(TimeWaitVerdict.Reset, tw.OnSegment(FromClient(TcpFlags.Ack, 1, 2, payloadLength: 10, tsVal: 1030), T0 + 30_000, out _));
        Assert.True(tw.Killed);
    }
}
