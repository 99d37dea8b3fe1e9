using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>
/// ICMP fragmentation needed on a full socket (RFC 1191): tcp_v4_err → tcp_v4_mtu_reduced → tcp_sync_mss and
/// tcp_simple_retransmit. The connection has MSS 1460 with timestamps (mss_cache 1448) and three full segments out.
/// </summary>
public class PathMtuTests
{
    private const long T0 = 100_000;

    private static (TcpConnectionCore Core, RecordingOutput Output, MibCounters Mib) ThreeSegmentsInFlight()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output, T0);
        Assert.Equal(3 * 1448, core.Send(Payload(3 * 1448), T0 + 1000, output));
        Assert.Equal([1448, 1448, 1448], output.Sent.Select(s => s.Payload.Length));
        output.Clear();
        return (core, output, mib);
    }

    [Fact]
    public void A_smaller_next_hop_mtu_lowers_the_mss_and_resends_every_segment_that_no_longer_fits_cut_to_it()
    {
        var (core, output, mib) = ThreeSegmentsInFlight();

        Assert.False(core.OnIcmpError(3, 4, core.SndUna, T0 + 2000, output, nextHopMtu: 1000));

        Assert.Equal(1000, core.PathMtu);
        // 1000 − 20 (IP) − 20 (TCP) − 12 (timestamps).
        Assert.Equal(948, core.Mss);
        Assert.Equal(TcpState.Established, core.State);
        Assert.Equal(CongestionState.Loss, core.CongestionState);
        // tcp_fragment leaves each 1448-byte segment as 948 + 500; all six go at once (cwnd 10, nothing in flight).
        Assert.Equal([(1, 948), (949, 500), (1449, 948), (2397, 500), (2897, 948), (3845, 500)],
            output.Sent.Select(s => (s.Segment.Seq - new SeqNum(ServerIsn), s.Payload.Length)));
        Assert.All(output.Sent, s => Assert.Equal(TcpFlags.Ack, s.Segment.Flags & ~TcpFlags.Psh));
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, output.Sent[^1].Segment.Flags);
        Assert.Equal(6, mib[MibCounter.TcpRetransSegs]);
        Assert.Equal(0, core.IcmpErrno);
    }

    [Fact]
    public void A_next_hop_mtu_below_min_pmtu_sets_min_pmtu_and_leaves_emsgsize_as_the_soft_error()
    {
        var (core, output, _) = ThreeSegmentsInFlight();

        Assert.False(core.OnIcmpError(3, 4, core.SndUna, T0 + 2000, output, nextHopMtu: 296));

        Assert.Equal(TcpConnectionCore.MinPathMtu, core.PathMtu);
        Assert.Equal(552 - 40 - 12, core.Mss);
        Assert.Equal(Errno.EMSGSIZE, core.IcmpErrno);
        Assert.Equal(9, output.Sent.Count);
    }

    [Fact]
    public void A_next_hop_mtu_at_or_above_the_current_path_mtu_changes_nothing()
    {
        var (core, output, mib) = ThreeSegmentsInFlight();

        Assert.False(core.OnIcmpError(3, 4, core.SndUna, T0 + 2000, output, nextHopMtu: 1500));
        Assert.False(core.OnIcmpError(3, 4, core.SndUna, T0 + 2000, output, nextHopMtu: 9000));

        Assert.Equal(1500, core.PathMtu);
        Assert.Equal(1448, core.Mss);
        Assert.Empty(output.Sent);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        Assert.Equal(0, mib[MibCounter.TcpRetransSegs]);
    }

    [Fact]
    public void New_data_after_the_reduction_leaves_in_segments_of_the_new_mss()
    {
        var (core, output, _) = ThreeSegmentsInFlight();
        core.OnIcmpError(3, 4, core.SndUna, T0 + 2000, output, nextHopMtu: 1000);
        // The peer acknowledges everything (the Loss state ends at high_seq).
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 1 + 3 * 1448, window: 502), default, T0 + 50_000, output);
        Assert.Equal(CongestionState.Open, core.CongestionState);
        output.Clear();

        core.Send(Payload(2000), T0 + 60_000, output);

        Assert.Equal([948, 948, 104], output.Sent.Select(s => s.Payload.Length));
    }

    [Fact]
    public void A_learned_path_mtu_is_where_the_next_connection_to_the_peer_starts_until_it_expires()
    {
        // __ip_rt_update_pmtu keeps the frag-needed's MTU as a route exception for ip_rt_mtu_expires (600 s): a child
        // accepted later starts from it (tcp_sync_mss with dst_mtu) while its SYN-ACK advertised the route's MSS.
        var cache = new PathMtuCache();
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var first = TcpConnectionCore.FromRequest(Request(), new ListenerContext(new Ipv4Endpoint(Seg.Server, 8080),
            Protocol.Config.TcpSysctls.Default, SocketOptions.Default, 128, 1460, new TcpSecrets(Seed), mib) { PathMtus = cache },
            FromClient(TcpFlags.Ack, 1, 1), T0);
        first.OnSegment(FromClient(TcpFlags.Ack, 1, 1), default, T0, output);
        first.Send(Payload(1448), T0 + 1000, output);
        first.OnIcmpError(3, 4, first.SndUna, T0 + 2000, output, nextHopMtu: 1200);
        Assert.Equal(1200, cache.Lookup(Seg.Client, T0 + 2000));

        var listener = new ListenerContext(new Ipv4Endpoint(Seg.Server, 8080), Protocol.Config.TcpSysctls.Default,
            SocketOptions.Default, 128, 1460, new TcpSecrets(Seed), mib) { PathMtus = cache };
        var second = TcpConnectionCore.FromRequest(Request(), listener, FromClient(TcpFlags.Ack, 1, 1), T0 + 3000);
        Assert.Equal(1200, second.PathMtu);
        Assert.Equal(1200 - 40 - 12, second.Mss);
        Assert.Equal(1460, listener.AdvertisedMss);

        var later = T0 + 2000 + 600 * 1_000_000L;
        Assert.Equal(0, cache.Lookup(Seg.Client, later));
        var third = TcpConnectionCore.FromRequest(Request(), listener, FromClient(TcpFlags.Ack, 1, 1), later);
        Assert.Equal(1500, third.PathMtu);
    }
}
