using Akka.Actor;
using Hashdance.NicIo;
using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Matching;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>
/// The far end of the wire, scripted in packetdrill's packet-line notation: <c>Send("S 0:0(0) win 65535 &lt;mss 1460&gt;")</c>
/// injects a segment, <c>Expect("S. 0:0(0) ack 1 &lt;...&gt;")</c> checks the next one the stack sent. The lines are
/// parsed by the packetdrill runner's own parser and matched by its matcher, so they mean exactly what they mean in a
/// packetdrill script: seq and ack are absolute on SYNs and relative to the sender's ISN otherwise (the stack's ISN
/// is learned from its SYN-ACK), <c>&lt;...&gt;</c> leaves the options unchecked, otherwise they must match byte for
/// byte (the first TSval is learned, TSecr is not compared), and the window is checked when the line gives one.
/// </summary>
/// <remarks>
/// The peer talks on one connection at a time (<see cref="Connection"/>): a SYN opens a new one from a fresh port
/// unless the current one has not been answered yet (then it is a retransmission). Injected frames carry IPv4 ID 0,
/// TTL 255 and zero payload bytes, as packetdrill's do. It is still a <see cref="WirePeer"/> for frames built field
/// by field.
/// </remarks>
public sealed class ScriptedPeer : WirePeer
{
    private readonly StackUnderTest _kit;
    private ushort _nextPort = 50000;
    private ConnectionMapping? _connection;

    internal ScriptedPeer(StackUnderTest kit, ILink link, IActorRef probe, Ipv4Address address, MacAddress mac, MacAddress stackMac)
        : base(link, probe, address, mac, stackMac) => _kit = kit;

    /// <summary>The stack's port that new connections go to (default 8080).</summary>
    public ushort StackPort { get; set; } = 8080;

    /// <summary>The script-to-live numbering of the current connection.</summary>
    public ConnectionMapping Connection => _connection ?? throw new InvalidOperationException("the peer has no connection yet: Send a SYN first");

    /// <summary>The current connection's 4-tuple as the stack sees it (local = the stack).</summary>
    public FourTuple Tuple => new(StackUnderTest.ServerAddress, Connection.LocalPort ?? StackPort, Address, Connection.RemotePort);

    /// <summary>Goes back to an earlier connection (kept from <see cref="Connection"/>), for tests with several flows.</summary>
    public void Use(ConnectionMapping connection) => _connection = connection;

    /// <summary>
    /// Sends one inbound packet line, e.g. <c>". 1:1(0) ack 1 win 502"</c> (inbound lines need <c>win</c>), and runs
    /// the stack until it has handled it. (To put several frames in flight at once, use <see cref="WirePeer.SendTcp"/>.)
    /// </summary>
    public void Send(string line)
    {
        var packet = Parse(line, PacketDirection.Inbound);
        var pureSyn = (packet.Flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        if (_connection is null || (pureSyn && _connection.LiveLocalIsn is not null))
            _connection = new ConnectionMapping(_nextPort++) { LocalPort = StackPort };
        var connection = _connection;
        if (!InboundPacket.TryMap(packet, connection, static symbol => symbol, tsEcrScaled: false, out var mapped, out var error))
            throw new ArgumentException($"packet line '{line}': {error}", nameof(line));
        SendRaw(InboundFrames.BuildTcp(Mac, StackMac, new InboundFrames.Tcp(Address, StackUnderTest.ServerAddress, connection.RemotePort,
            connection.LocalPort!.Value, mapped.Seq, mapped.Ack, mapped.Flags, mapped.Window, mapped.Options, mapped.PayloadLength)));
        _kit.Run();
    }

    /// <summary>
    /// Runs the stack and checks that the next segment it sent matches the outbound packet line; throws a
    /// <see cref="PacketExpectationException"/> worded as packetdrill's report otherwise. Returns the live segment.
    /// </summary>
    public CapturedSegment Expect(string line)
    {
        var expected = Parse(line, PacketDirection.Outbound);
        var connection = _connection ?? throw new InvalidOperationException("Expect before any Send: there is no connection to match against");
        _kit.Run();
        if (_kit.Deterministic && !_kit.Wire.HasMessages)
            throw new PacketExpectationException($"error handling packet: timed out waiting for packet: expected {PacketLineText.Format(expected)}, but the stack sent nothing");
        var frame = _kit.NextFrame();
        var live = CapturedSegment.TryParse(frame.Bytes, frame.TimestampMicros, out var problem)
            ?? throw new PacketExpectationException($"error handling packet: expected {PacketLineText.Format(expected)}, but the stack sent a frame that is {problem}");
        if (live.DestinationPort != connection.RemotePort)
            throw new PacketExpectationException($"error handling packet: expected {PacketLineText.Format(expected)} to port {connection.RemotePort}, but the stack sent {live} to port {live.DestinationPort}");
        var mismatch = PacketMatcher.Compare(expected, live, connection, static symbol => symbol, tsTickMicros: null, toleranceMicros: 0, scriptMicrosSinceTsBase: 0);
        if (mismatch is not null)
            throw new PacketExpectationException($"error handling packet: {mismatch}\n  script packet: {PacketLineText.Format(expected)}\n  actual packet: {PacketLineText.Format(live, connection)}");
        return live;
    }

    /// <summary>Runs the stack and checks that it sent nothing at all.</summary>
    public void ExpectNothing() => _kit.ExpectNoFrame();

    private static TcpPacketEvent Parse(string line, PacketDirection direction) =>
        ScriptParser.TryParsePacketLine(line, direction, out var packet, out var error)
            ? packet
            : throw new ArgumentException($"packet line '{line}': {error}", nameof(line));
}
