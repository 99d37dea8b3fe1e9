using Hashdance.Actors.Api;
using Hashdance.Actors.Tests.Harness;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Tests.Ingress;

/// <summary>
/// ICMP errors reach the socket whose segment they quote, as icmp_unreach → tcp_v4_err does: a port unreachable
/// aborts a connect() in SYN_SENT with ECONNREFUSED; fragmentation needed is path-MTU news and aborts nothing.
/// </summary>
public sealed class IcmpErrorTests : StackUnderTest
{
    private static readonly Ipv4Endpoint Remote = new(PeerAddress, 5000);

    private (Akka.TestKit.TestProbe Commander, WireFrame Syn) Connect()
    {
        var commander = CreateTestProbe();
        Stack.Manager.Tell(new Connect(Remote), commander.Ref);
        var syn = NextFrame();
        Assert.Equal(TcpFlags.Syn, syn.Tcp.Flags);
        return (commander, syn);
    }

    /// <summary>An ICMP destination unreachable from a router on the path, quoting the first 8 bytes of the SYN.</summary>
    private void SendUnreachable(WireFrame syn, byte code, ushort mtu = 0, uint? quotedSeq = null)
    {
        var quoted = new Ipv4Repr
        {
            Source = ServerAddress, Destination = PeerAddress, Protocol = IpProtocol.Tcp, PayloadLength = syn.Tcp.HeaderLength, Ttl = 1,
        };
        var icmp = new IcmpV4Repr
        {
            Message = IcmpV4Message.DestinationUnreachable,
            Code = code,
            NextHopMtu = mtu,
            QuotedHeader = quoted,
            QuotedPayload = ((ulong)syn.Tcp.SourcePort << 48) | ((ulong)syn.Tcp.DestinationPort << 32) | (quotedSeq ?? syn.Tcp.SequenceNumber.Value),
        };
        var length = icmp.BufferLength(0);
        var ip = new Ipv4Repr { Source = PeerAddress, Destination = ServerAddress, Protocol = IpProtocol.Icmp, PayloadLength = length, Ttl = 64 };
        var buffer = new byte[14 + 20 + length];
        var n = FrameBuilder.BuildIcmp(buffer, new EthernetRepr(PeerMac, ServerMac, EtherType.Ipv4), ip, icmp, default);
        Peer.SendRaw(buffer.AsSpan(0, n));
        Run();
    }

    [Fact]
    public void Port_unreachable_quoting_the_syn_fails_the_connect_with_connection_refused()
    {
        var (commander, syn) = Connect();
        SendUnreachable(syn, code: 3);

        var failed = commander.ExpectMsg<CommandFailed>();
        Assert.Equal(SocketError.ConnectionRefused, failed.Error);
        Assert.Empty(Tables().Ehash);
        Assert.Equal(1, Counters[MibCounter.IcmpInDestUnreachs]);
        Assert.Equal(1, Counters[MibCounter.IcmpInMsgs]);
        Advance(TimeSpan.FromSeconds(2));
        ExpectNoFrame();
    }

    [Fact]
    public void Fragmentation_needed_does_not_abort_and_the_syn_is_retransmitted()
    {
        var (commander, syn) = Connect();
        SendUnreachable(syn, code: 4, mtu: 1400);

        ExpectNothing(commander);
        Assert.Single(Tables().Ehash);
        Assert.Equal(1, Counters[MibCounter.IcmpInDestUnreachs]);
        Advance(TimeSpan.FromSeconds(1));
        var again = NextFrame();
        Assert.Equal(TcpFlags.Syn, again.Tcp.Flags);
        Assert.Equal(syn.Tcp.SequenceNumber, again.Tcp.SequenceNumber);
    }

    [Fact]
    public void An_error_quoting_a_sequence_outside_the_window_is_counted_and_ignored()
    {
        var (commander, syn) = Connect();
        SendUnreachable(syn, code: 1, quotedSeq: syn.Tcp.SequenceNumber.Value + 100_000);

        ExpectNothing(commander);
        Assert.Single(Tables().Ehash);
        Assert.Equal(1, Counters[MibCounter.TcpExtOutOfWindowIcmps]);
    }
}
