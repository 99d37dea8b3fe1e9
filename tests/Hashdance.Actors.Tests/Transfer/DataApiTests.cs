using Akka.Actor;
using Akka.IO;
using Akka.TestKit;
using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Transfer;

/// <summary>
/// The Akka.IO-style data API between two stacks in virtual time (every actor on the calling thread): Write acks and
/// NoAck, the NACK back-pressure model (CommandFailed, ResumeWriting, WritingResumed), SuspendReading closing the
/// receive window, and the order of Received and PeerClosed.
/// </summary>
public sealed class DataApiTests : SynchronousVirtualTimeTestKit
{
    private static readonly Ipv4Endpoint ServerEndpoint = new(TwoStacks.ServerAddress, 8080);

    private sealed record Pair(IActorRef ClientConnection, TestProbe Client, IActorRef ServerConnection, TestProbe Server);

    private Pair Connect(bool serverSuspended = false, bool useResumeWriting = true)
    {
        var stacks = new TwoStacks(Sys);
        var server = CreateTestProbe();
        stacks.Server.Manager.Tell(new Bind(server.Ref, ServerEndpoint, 16), TestActor);
        ExpectMsg<Bound>();
        var client = CreateTestProbe();
        stacks.Client.Manager.Tell(new Api.Connect(ServerEndpoint), client.Ref);
        client.ExpectMsg<Connected>();
        var clientConnection = client.LastSender;
        clientConnection.Tell(new Register(client.Ref, useResumeWriting), client.Ref);
        server.ExpectMsg<Connected>();
        var serverConnection = server.LastSender;
        if (serverSuspended) serverConnection.Tell(SuspendReading.Instance, server.Ref);
        serverConnection.Tell(new Register(server.Ref), server.Ref);
        return new Pair(clientConnection, client, serverConnection, server);
    }

    private static ByteString Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return ByteString.FromBytes(bytes);
    }

    /// <summary>Moves virtual time on until <paramref name="done"/> holds, collecting the Received bytes (and PeerClosed) the probe gets.</summary>
    private (List<byte> Bytes, bool PeerClosed) ReadUntil(TestProbe probe, Func<List<byte>, bool, bool> done)
    {
        var bytes = new List<byte>();
        var peerClosed = false;
        for (var i = 0; i < 600 && !done(bytes, peerClosed); i++)
        {
            Clockwork.Advance(TimeSpan.FromMilliseconds(100));
            while (probe.HasMessages)
            {
                switch (probe.ReceiveOne(TimeSpan.Zero))
                {
                    case Received r:
                        Assert.False(peerClosed, "Received after PeerClosed");
                        bytes.AddRange(r.Data.ToArray());
                        break;
                    case PeerClosed:
                        peerClosed = true;
                        break;
                    case var other:
                        Assert.Fail($"unexpected {other}");
                        break;
                }
            }
        }
        return (bytes, peerClosed);
    }

    private SocketInfo Info(IActorRef connection)
    {
        connection.Tell(GetSocketInfo.Instance, TestActor);
        return ExpectMsg<SocketInfo>();
    }

    [Fact]
    public void A_write_with_an_ack_is_acknowledged_and_one_with_NoAck_or_no_ack_is_not()
    {
        var p = Connect();
        p.ClientConnection.Tell(new Write(ByteString.FromString("one"), "ack-1"), p.Client.Ref);
        Assert.Equal("ack-1", p.Client.ExpectMsg<string>());
        p.ClientConnection.Tell(new Write(ByteString.FromString("two"), new NoAck("token")), p.Client.Ref);
        p.ClientConnection.Tell(new Write(ByteString.FromString("three")), p.Client.Ref);
        Assert.False(p.Client.HasMessages);
        Assert.Equal("onetwothree"u8.ToArray(), ReadUntil(p.Server, (b, _) => b.Count >= 11).Bytes.ToArray());
    }

    [Fact]
    public void Suspended_reading_delivers_nothing_and_closes_the_window_then_resume_delivers_every_byte_before_PeerClosed()
    {
        var p = Connect(serverSuspended: true);
        var data = Pattern(1 << 20, 1);
        p.ClientConnection.Tell(new Write(data, "queued"), p.Client.Ref);
        p.ClientConnection.Tell(ConfirmedClose.Instance, p.Client.Ref);
        Clockwork.Advance(TimeSpan.FromMilliseconds(500));

        Assert.False(p.Server.HasMessages);
        // The receive queue holds what the window let in, then the flow stops: the window the server advertised is
        // used up (its right edge reached), the sender holds the rest and its write is still pending (no ack).
        var server = Info(p.ServerConnection);
        var client = Info(p.ClientConnection);
        Assert.True(server.Unread > 64 * 1024, $"unread {server.Unread}");
        Assert.True(client.Unsent > 0);
        // Later, at most the odd probe or retransmission adds a segment: the queue stays within tcp_rmem's 128 KiB
        // and most of the megabyte waits at the sender.
        Clockwork.Advance(TimeSpan.FromSeconds(2));
        Assert.InRange(Info(p.ServerConnection).Unread, server.Unread, 128 * 1024);
        Assert.True(Info(p.ClientConnection).Unsent > 0);
        Assert.False(p.Server.HasMessages);
        Assert.False(p.Client.HasMessages);

        p.ServerConnection.Tell(ResumeReading.Instance, p.Server.Ref);
        var (received, peerClosed) = ReadUntil(p.Server, (_, closed) => closed);
        Assert.True(peerClosed);
        Assert.Equal(data.ToArray(), received.ToArray());
        Assert.Equal("queued", p.Client.ExpectMsg<string>());
    }

    [Fact]
    public void PeerClosed_waits_while_reading_is_suspended_and_follows_the_last_Received()
    {
        var p = Connect(serverSuspended: true);
        p.ClientConnection.Tell(new Write(ByteString.FromString("last words")), p.Client.Ref);
        p.ClientConnection.Tell(new Api.Shutdown(Hashdance.Protocol.Tcp.ShutdownHow.Write), p.Client.Ref);
        Clockwork.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(p.Server.HasMessages);

        p.ServerConnection.Tell(ResumeReading.Instance, p.Server.Ref);
        Assert.Equal("last words", p.Server.ExpectMsg<Received>().Data.ToString());
        p.Server.ExpectMsg<PeerClosed>();
    }

    [Fact]
    public void A_write_while_one_waits_for_buffer_space_is_refused_and_writes_stay_refused_until_ResumeWriting()
    {
        var p = Connect(serverSuspended: true);
        var big = Pattern(1 << 20, 2);
        p.ClientConnection.Tell(new Write(big, "big"), p.Client.Ref);
        var second = new Write(ByteString.FromString("second"), "second");
        p.ClientConnection.Tell(second, p.Client.Ref);
        var failed = p.Client.ExpectMsg<CommandFailed>();
        Assert.Same(second, failed.Command);
        Assert.Equal(SocketError.WouldBlock, failed.Error);

        // NACK model: suspended now, so even a write that would fit is refused.
        var third = new Write(ByteString.FromString("third"));
        p.ClientConnection.Tell(third, p.Client.Ref);
        Assert.Same(third, p.Client.ExpectMsg<CommandFailed>().Command);

        p.ClientConnection.Tell(ResumeWriting.Instance, p.Client.Ref);
        Assert.False(p.Client.HasMessages);

        p.ServerConnection.Tell(ResumeReading.Instance, p.Server.Ref);
        var received = ReadUntil(p.Server, (_, _) => p.Client.HasMessages).Bytes;
        Assert.Equal("big", p.Client.ExpectMsg<string>());
        p.Client.ExpectMsg<WritingResumed>();
        p.ClientConnection.Tell(second, p.Client.Ref);
        Assert.Equal("second", p.Client.ExpectMsg<string>());
        received.AddRange(ReadUntil(p.Server, (b, _) => received.Count + b.Count >= big.Count + 6).Bytes);
        Assert.Equal(big.ToArray().Concat("second"u8.ToArray()).ToArray(), received.ToArray());
    }

    [Fact]
    public void Without_UseResumeWriting_writes_are_accepted_again_as_soon_as_the_waiting_one_is_queued()
    {
        var p = Connect(serverSuspended: true, useResumeWriting: false);
        p.ClientConnection.Tell(new Write(Pattern(1 << 20, 3), "big"), p.Client.Ref);
        p.ClientConnection.Tell(new Write(ByteString.FromString("x")), p.Client.Ref);
        Assert.Equal(SocketError.WouldBlock, p.Client.ExpectMsg<CommandFailed>().Error);

        p.ServerConnection.Tell(ResumeReading.Instance, p.Server.Ref);
        ReadUntil(p.Server, (_, _) => p.Client.HasMessages);
        Assert.Equal("big", p.Client.ExpectMsg<string>());
        // No ResumeWriting needed, and no WritingResumed comes.
        p.ClientConnection.Tell(new Write(ByteString.FromString("y"), "y"), p.Client.Ref);
        Assert.Equal("y", p.Client.ExpectMsg<string>());
        Assert.False(p.Client.HasMessages);
    }

    [Fact]
    public void ResumeWriting_when_no_write_waits_is_answered_at_once()
    {
        var p = Connect();
        p.ClientConnection.Tell(ResumeWriting.Instance, p.Client.Ref);
        p.Client.ExpectMsg<WritingResumed>();
    }

    [Fact]
    public void Close_with_a_write_still_waiting_sends_every_byte_before_the_FIN()
    {
        var p = Connect(serverSuspended: true);
        var data = Pattern(512 << 10, 4);
        p.ClientConnection.Tell(new Write(data, "queued"), p.Client.Ref);
        p.ClientConnection.Tell(Api.Close.Instance, p.Client.Ref);
        Clockwork.Advance(TimeSpan.FromMilliseconds(100));
        Assert.False(p.Client.HasMessages);

        p.ServerConnection.Tell(ResumeReading.Instance, p.Server.Ref);
        var (received, peerClosed) = ReadUntil(p.Server, (_, closed) => closed);
        Assert.True(peerClosed);
        Assert.Equal(data.ToArray(), received.ToArray());
        Assert.Equal("queued", p.Client.ExpectMsg<string>());
        p.Client.ExpectMsg<Closed>();
    }
}
