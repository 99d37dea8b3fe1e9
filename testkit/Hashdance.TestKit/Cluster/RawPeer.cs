using System.Threading.Channels;
using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Cluster;

/// <summary>
/// A hand-driven TCP peer on the client end of the in-memory wire: it sends segments whose every field the test
/// chooses and queues each TCP segment the stack emits, so a test can await them (with a timeout) in order.
/// </summary>
public sealed class RawPeer : IFrameSink
{
    private readonly ILink _link;
    private readonly Channel<PeerSegment> _received = Channel.CreateUnbounded<PeerSegment>();

    public RawPeer(ILink link, Ipv4Address address, MacAddress mac, Ipv4Address server, MacAddress serverMac)
    {
        _link = link;
        Address = address;
        Mac = mac;
        Server = server;
        ServerMac = serverMac;
        link.Start(this);
    }

    public Ipv4Address Address { get; }
    public MacAddress Mac { get; }
    public Ipv4Address Server { get; }
    public MacAddress ServerMac { get; }

    public void OnFrame(PooledFrame frame)
    {
        using (frame)
        {
            if (!EthernetRepr.TryParse(frame.Span, out _, out _) || !Ipv4Packet.TryParse(frame.Span[EthernetRepr.HeaderLength..], out var ip, out _)
                || ip.Protocol != IpProtocol.Tcp || !TcpPacket.TryParse(ip.Payload, out var tcp, out _)) return;
            _received.Writer.TryWrite(new PeerSegment(tcp.SourcePort, tcp.DestinationPort, tcp.SequenceNumber, tcp.AckNumber, tcp.Flags,
                tcp.Payload.ToArray()));
        }
    }

    /// <summary>The next segment the stack sent, waiting at most <paramref name="timeout"/>.</summary>
    public async Task<PeerSegment> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _received.Reader.ReadAsync(cancel.Token);
    }

    /// <summary>
    /// Sends a SYN (ISN <paramref name="isn"/>) from each of <paramref name="count"/> ports starting at
    /// <paramref name="firstPort"/> and waits for every SYN-ACK; returns the server's ISN by peer port.
    /// </summary>
    public async Task<Dictionary<ushort, SeqNum>> OpenRequestsAsync(int count, ushort firstPort, ushort serverPort, SeqNum isn, TimeSpan timeout)
    {
        for (var p = 0; p < count; p++) Send((ushort)(firstPort + p), serverPort, isn, default, TcpFlags.Syn);
        var serverIsn = new Dictionary<ushort, SeqNum>();
        while (serverIsn.Count < count)
        {
            var s = await NextAsync(timeout);
            if (!s.Is(TcpFlags.Syn | TcpFlags.Ack) || s.Ack != isn + 1) throw new InvalidOperationException($"expected a SYN-ACK, got {s}");
            serverIsn[s.PeerPort] = s.Seq;
        }
        return serverIsn;
    }

    /// <summary>
    /// Reads segments until <paramref name="done"/> says so, sorting them into echoes (a payload of
    /// <paramref name="echoLength"/> bytes: its last byte, the serving node, by peer port) and RSTs (by peer port,
    /// checked to carry SEQ = <paramref name="rstSeq"/> of the port, as tcp_v4_send_reset answers an ACK).
    /// </summary>
    public async Task CollectAsync(int echoLength, IReadOnlyDictionary<ushort, SeqNum> rstSeq, Dictionary<ushort, byte> echoedBy,
        HashSet<ushort> reset, Func<bool> done, TimeSpan timeout)
    {
        while (!done())
        {
            var s = await NextAsync(timeout);
            if (s.Is(TcpFlags.Rst))
            {
                if (s.Seq != rstSeq[s.PeerPort]) throw new InvalidOperationException($"RST with an unexpected sequence number: {s}");
                reset.Add(s.PeerPort);
            }
            else if (s.Is(TcpFlags.Rst | TcpFlags.Ack)) reset.Add(s.PeerPort);
            else if (s.Payload.Length == echoLength) echoedBy[s.PeerPort] = s.Payload[^1];
        }
    }

    public void Send(ushort localPort, ushort serverPort, SeqNum seq, SeqNum ack, TcpFlags flags, ReadOnlySpan<byte> payload = default)
    {
        var tcp = new TcpRepr
        {
            SourcePort = localPort, DestinationPort = serverPort, SequenceNumber = seq, AckNumber = ack, Flags = flags, Window = 65535,
            Options = (flags & TcpFlags.Syn) != 0 ? new TcpOptionSet { Mss = 1460 } : default, PayloadLength = payload.Length,
        };
        _link.Send(PeerFrames.Tcp(Mac, ServerMac, Address, Server, tcp, payload, tos: 0, ipId: localPort));
    }
}
