using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>TCP_CORK (tcp_nagle_check's TCP_NAGLE_CORK, __tcp_sock_set_cork) on an established connection (mss_cache 1448).</summary>
public class CorkTests
{
    private const long T0 = 100_000;

    private static (TcpConnectionCore Core, RecordingOutput Output) Corked(bool noDelay = false)
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);
        core.SetOptions(SocketOptions.Default with { Cork = true, NoDelay = noDelay }, T0, output);
        output.Clear();
        return (core, output);
    }

    [Fact]
    public void A_corked_socket_holds_a_partial_segment_even_with_nothing_in_flight()
    {
        var (core, output) = Corked();

        Assert.Equal(100, core.Send(Payload(100), T0 + 1000, output));

        Assert.Empty(output.Sent);
    }

    [Fact]
    public void Full_sized_segments_leave_and_only_the_partial_tail_waits()
    {
        var (core, output) = Corked();

        core.Send(Payload(2 * 1448 + 500), T0 + 1000, output);

        Assert.Equal([1448, 1448], output.Sent.Select(s => s.Payload.Length));
    }

    [Fact]
    public void Pulling_the_cork_sends_what_waits_with_psh()
    {
        var (core, output) = Corked();
        core.Send(Payload(100), T0 + 1000, output);
        core.Send(Payload(200), T0 + 2000, output);
        Assert.Empty(output.Sent);

        core.SetOptions(SocketOptions.Default, T0 + 3000, output);

        var segment = Assert.Single(output.Sent);
        Assert.Equal(300, segment.Payload.Length);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Psh, segment.Segment.Flags);
    }

    [Fact]
    public void Tcp_nodelay_does_not_override_the_cork()
    {
        var (core, output) = Corked(noDelay: true);

        core.Send(Payload(100), T0 + 1000, output);

        Assert.Empty(output.Sent);
    }

    [Fact]
    public void Close_sends_the_waiting_bytes_with_the_fin_despite_the_cork()
    {
        var (core, output) = Corked();
        core.Send(Payload(100), T0 + 1000, output);

        core.Close(T0 + 2000, output);

        var segment = Assert.Single(output.Sent);
        Assert.Equal(100, segment.Payload.Length);
        Assert.Equal(TcpFlags.Ack | TcpFlags.Fin, segment.Segment.Flags & (TcpFlags.Ack | TcpFlags.Fin));
    }

    [Fact]
    public void Setting_tcp_nodelay_on_a_corked_socket_pushes_what_waits_once()
    {
        // __tcp_sock_set_nodelay: TCP_NAGLE_OFF|TCP_NAGLE_PUSH and tcp_push_pending_frames; the cork bit stays, and
        // the next skb (tcp_skb_entail) clears TCP_NAGLE_PUSH, so the next small write waits again.
        var (core, output) = Corked();
        core.Send(Payload(40), T0 + 1000, output);
        core.Send(Payload(40), T0 + 2000, output);
        Assert.Empty(output.Sent);

        core.SetOptions(SocketOptions.Default with { Cork = true, NoDelay = true }, T0 + 3000, output);

        var pushed = Assert.Single(output.Sent);
        Assert.Equal((80, TcpFlags.Ack | TcpFlags.Psh), (pushed.Payload.Length, pushed.Segment.Flags));
        output.Clear();
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 81), default, T0 + 4000, output);
        core.Send(Payload(40), T0 + 5000, output);
        Assert.Empty(output.Sent);
    }

    [Fact]
    public void Msg_more_holds_a_partial_tail_without_psh_until_tcp_nodelay_is_set_again()
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);
        core.SetOptions(SocketOptions.Default with { NoDelay = true }, T0, output);
        output.Clear();

        core.Send(Payload(40), T0 + 1000, output, more: true);
        core.Send(Payload(40), T0 + 2000, output, more: true);
        Assert.Empty(output.Sent);

        // setsockopt(TCP_NODELAY, 1) again: unchanged, but Linux pushes on every such call. No write ended without
        // MSG_MORE, so nothing is marked PSH.
        core.SetOptions(SocketOptions.Default with { NoDelay = true }, T0 + 3000, output, nagleWritten: true);

        var pushed = Assert.Single(output.Sent);
        Assert.Equal((80, TcpFlags.Ack), (pushed.Payload.Length, pushed.Segment.Flags));
    }
}
