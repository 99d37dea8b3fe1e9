using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using Hashdance.Actors.Api;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>
/// One whole <see cref="HashdanceStack"/> (192.168.0.1, 02:00:00:00:00:01) on one end of a zero-delay in-memory wire
/// and a <see cref="ScriptedPeer"/> (192.0.2.1) on the other, in virtual time.
/// </summary>
/// <remarks>
/// Time is Akka's TestScheduler, set to a fixed epoch so ISNs, TS values and cookie minutes are the same in every
/// run. The stack's actors run on a <see cref="ManualDispatcher"/>: nothing happens until the test calls
/// <see cref="Run"/> (every helper here does), and when it returns every message has been handled. So an expected
/// frame is simply there, "no frame" is checked without waiting, and state queries need no retries. The peer's
/// frames are delivered synchronously by the wire, so several frames sent back to back with <see cref="WirePeer.SendTcp"/>
/// sit in the ingress's mailbox together before any actor runs ("at the same virtual instant"); a scripted
/// <see cref="ScriptedPeer.Send"/> runs the stack after each line.
/// </remarks>
public abstract class StackUnderTest : Akka.TestKit.Xunit2.TestKit
{
    public static readonly Ipv4Address ServerAddress = Ipv4Address.Parse("192.168.0.1");
    public static readonly MacAddress ServerMac = MacAddress.Parse("02:00:00:00:00:01");
    public static readonly Ipv4Address PeerAddress = Ipv4Address.Parse("192.0.2.1");
    public static readonly MacAddress PeerMac = MacAddress.Parse("02:00:00:00:00:02");

    /// <summary>Virtual time starts here (a whole cookie minute), whatever the wall clock says.</summary>
    public static readonly DateTimeOffset Epoch = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>HOCON id of the manual dispatcher every stack actor is deployed on.</summary>
    public const string DispatcherId = "hashdance-manual-dispatcher";

    private readonly TimeSpan _wait;
    private HashdanceStack? _stack;
    private ScriptedPeer? _peer;
    private ushort _nextPeerPort = 40000;

    /// <param name="deterministic">
    /// True (the default): the stack's actors run on the <see cref="ManualDispatcher"/>. False: they run on Akka's
    /// default dispatcher (the thread pool), as in production; <see cref="Run"/> then does nothing, expected messages
    /// are waited for (bounded) and "no frame" is a short wait for a message that must not come.
    /// </param>
    /// <param name="stackNames">The names of the stacks to deploy on the manual dispatcher (default: "server", "client").</param>
    protected StackUnderTest(bool deterministic = true, string[]? stackNames = null)
        : base(VirtualTimeConfig(deterministic ? stackNames ?? ["server", "client"] : []))
    {
        Deterministic = deterministic;
        _wait = deterministic ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(5);
        Scheduler = (TestScheduler)Sys.Scheduler;
        Scheduler.AdvanceTo(Epoch);
        Clock = new SchedulerClock(Sys.Scheduler);
        Dispatcher = (ManualDispatcher)Sys.Dispatchers.Lookup(DispatcherId);
        Wire = CreateTestProbe("wire");
    }

    /// <summary>
    /// TestScheduler as the scheduler, and every actor of the stacks named <paramref name="stackNames"/> (the
    /// manager, its ingress, listeners, request socks and children) deployed on the manual dispatcher.
    /// </summary>
    public static Config VirtualTimeConfig(IEnumerable<string> stackNames)
    {
        var deployment = new System.Text.StringBuilder();
        foreach (var name in stackNames)
        {
            var root = $"/hashdance-{name}";
            for (var depth = 0; depth < 4; depth++, root += "/*")
                deployment.Append('"').Append(root).Append("\" { dispatcher = ").Append(DispatcherId).Append(" }\n");
        }
        return ConfigurationFactory.ParseString($$"""
            akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
            {{DispatcherId}} {
              type = "{{typeof(ManualDispatcherConfigurator).AssemblyQualifiedName}}"
              throughput = 1
            }
            akka.actor.deployment {
            {{deployment}}
            }
            """);
    }

    /// <summary>Whether the stack runs on the manual dispatcher (see the constructor).</summary>
    public bool Deterministic { get; }

    public TestScheduler Scheduler { get; }
    public SchedulerClock Clock { get; }
    public ManualDispatcher Dispatcher { get; }

    /// <summary>Receives a <see cref="WireFrame"/> for every frame the stack puts on the wire.</summary>
    public TestProbe Wire { get; }

    /// <summary>The stack under test; started with the default sysctls on first use unless <see cref="Start"/> ran.</summary>
    public HashdanceStack Stack => _stack ?? Start();

    /// <summary>Whether the stack has been started (by <see cref="Start"/> or the first use of <see cref="Stack"/>).</summary>
    public bool Started => _stack is not null;
    /// <summary>The far end of the wire: builds frames field by field, or sends and expects packetdrill packet lines.</summary>
    public ScriptedPeer Peer
    {
        get
        {
            if (_peer is null) Start();
            return _peer!;
        }
    }
    public MibCounters Counters => Stack.Counters;

    /// <summary>Virtual now, in microseconds since the Unix epoch (the stack's clock).</summary>
    public long NowMicros => Clock.NowMicros;

    /// <summary>The stack's TSval at <paramref name="micros"/> for segments towards the peer (TS clock in ms + ts_off).</summary>
    public uint StackTsVal(long micros) =>
        unchecked((uint)(micros / 1000) + Stack.Context.Secrets.Sequence.TimestampOffset(ServerAddress, PeerAddress, Stack.Context.Sysctls.TcpTimestamps));

    /// <summary>Starts the stack (once per test) with <paramref name="sysctls"/>.</summary>
    public HashdanceStack Start(TcpSysctls? sysctls = null, int seed = 1)
    {
        if (_stack is not null) throw new InvalidOperationException("the stack is already started");
        var wire = InMemoryWire.Create(Sys.Scheduler, Clock, new LinkInfo("server", ServerMac, 1500), new LinkInfo("peer", PeerMac, 1500), TimeSpan.Zero);
        _stack = HashdanceStack.Start(Sys, new StackSettings
        {
            Name = "server", Address = ServerAddress, Mac = ServerMac, Sysctls = sysctls ?? TcpSysctls.Default, Seed = seed,
            StaticNeighbours = new Dictionary<Ipv4Address, MacAddress> { [PeerAddress] = PeerMac },
        }, wire.A, Clock);
        _peer = new ScriptedPeer(this, DecoratePeerLink(wire.B), Wire.Ref, PeerAddress, PeerMac, ServerMac);
        AwaitStarted(_stack.Manager);
        return _stack;
    }

    /// <summary>
    /// The link the peer sends and receives through: the wire's end by default; a subclass can put decorators such
    /// as a <see cref="FaultInjector"/> between the peer and the wire (called once, when the stack starts).
    /// </summary>
    protected virtual ILink DecoratePeerLink(ILink wireEnd) => wireEnd;

    /// <summary>
    /// A top-level actor is created by the user guardian, which runs on Akka's own dispatcher, so its mailbox reaches
    /// the manual dispatcher a little later: wait (bounded) for that hand-over and run it until the actor answers
    /// <see cref="Identify"/>. Its descendants are then created synchronously.
    /// </summary>
    public void AwaitStarted(IActorRef topLevel)
    {
        var probe = CreateTestProbe();
        topLevel.Tell(new Identify(null), probe.Ref);
        Run();
        while (Deterministic && !probe.HasMessages)
        {
            Assert.True(Dispatcher.WaitForWork(TimeSpan.FromSeconds(10)), $"{topLevel} did not start");
            Run();
        }
        Assert.Equal(topLevel, probe.ExpectMsg<ActorIdentity>(_wait).Subject);
    }

    /// <summary>The ActorSystem's shutdown must be able to stop the stack's actors without the test pumping them.</summary>
    protected override void AfterAll()
    {
        Dispatcher.RunFreely();
        base.AfterAll();
    }

    /// <summary>Runs every actor until no message is left anywhere (nothing to do on the thread pool).</summary>
    public void Run()
    {
        if (Deterministic) Dispatcher.RunUntilIdle();
    }

    /// <summary>
    /// Moves virtual time forward by <paramref name="duration"/> in steps of at most 1 ms, running the actors after
    /// each step, so every timer (whole milliseconds here) fires at its own deadline and not at the end.
    /// </summary>
    public void Advance(TimeSpan duration) => AdvanceTo(Scheduler.Now + duration);

    public void AdvanceTo(DateTimeOffset when)
    {
        Run();
        while (Scheduler.Now < when)
        {
            var step = when - Scheduler.Now;
            Scheduler.Advance(step < TimeSpan.FromMilliseconds(1) ? step : TimeSpan.FromMilliseconds(1));
            Run();
        }
    }

    /// <summary>Advances to the absolute virtual time <paramref name="unixMicros"/> (as <see cref="NowMicros"/> reads it).</summary>
    public void AdvanceToMicros(long unixMicros) => AdvanceTo(DateTimeOffset.UnixEpoch.AddTicks(unixMicros * TimeSpan.TicksPerMicrosecond));

    /// <summary>Microseconds since <see cref="Epoch"/>.</summary>
    public static long SinceEpoch(long micros) => micros - (Epoch.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    /// <summary>bind() + listen() on 192.168.0.1:<paramref name="port"/>; the handler probe receives the accepted children.</summary>
    public BoundListener Bind(ushort port = 8080, int backlog = 128, bool pullMode = false, SocketOptions? options = null)
    {
        var handler = CreateTestProbe();
        var commander = CreateTestProbe();
        var address = new Ipv4Endpoint(ServerAddress, port);
        Stack.Manager.Tell(new Bind(handler.Ref, address, backlog, options, pullMode), commander.Ref);
        Run();
        Assert.Equal(new Bound(address), commander.ExpectMsg<Bound>(_wait));
        return new BoundListener(commander.LastSender, handler, address);
    }

    /// <summary>A scripted peer socket from 192.0.2.1:<paramref name="peerPort"/> (a fresh port when 0) to the stack's <paramref name="stackPort"/>.</summary>
    public PeerFlow Flow(ushort stackPort = 8080, uint peerIsn = 1_000_000, ushort peerPort = 0)
    {
        if (peerPort == 0) peerPort = _nextPeerPort++;
        return new PeerFlow(this, peerPort, stackPort, new SeqNum(peerIsn));
    }

    /// <summary>
    /// A fresh peer sends a Linux-style SYN (TS val <paramref name="tsVal"/>) to <paramref name="stackPort"/>; the
    /// stack's SYN-ACK is checked (window 65160, options mss 1460, sackOK, TS, nop, wscale 10, sent at once) and the
    /// stack's ISN learned.
    /// </summary>
    public PeerFlow SynAndSynAck(ushort stackPort = 8080, uint tsVal = 100, uint peerIsn = 1_000_000)
    {
        var flow = Flow(stackPort, peerIsn);
        var now = NowMicros;
        flow.Syn(PeerFlow.LinuxSynOptions(tsVal));
        flow.ExpectSynAck(window: 65160, options: LinuxSynAckOptions(StackTsVal(now), tsVal), atMicros: now);
        return flow;
    }

    /// <summary>The option bytes of the stack's SYN-ACK to a Linux-style SYN: mss 1460, sackOK, TS val ecr, nop, wscale 10.</summary>
    public static byte[] LinuxSynAckOptions(uint tsVal, uint tsEcr) =>
        [.. Opt.Mss(1460), .. Opt.SackPermitted, .. Opt.Timestamps(tsVal, tsEcr), .. Opt.Nop, .. Opt.WindowScale(10)];

    /// <summary>NOP, NOP, TS: the options of the stack's ACKs and RSTs when timestamps are on.</summary>
    public static byte[] TimestampOptions(uint tsVal, uint tsEcr) => [.. Opt.Nop, .. Opt.Nop, .. Opt.Timestamps(tsVal, tsEcr)];

    /// <summary>The next frame the stack sent (after running the actors); fails if there is none.</summary>
    public WireFrame NextFrame()
    {
        Run();
        if (Deterministic) Assert.True(Wire.HasMessages, "expected a frame from the stack, but the wire is silent");
        return Wire.ExpectMsg<WireFrame>(_wait);
    }

    /// <summary>Runs the actors and asserts that the stack sent nothing.</summary>
    public void ExpectNoFrame()
    {
        Run();
        if (!Deterministic) Wire.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        if (!Wire.HasMessages) return;
        var frame = Wire.ExpectMsg<WireFrame>(_wait);
        Assert.Fail($"expected silence, but the stack sent {Describe(frame)} at +{SinceEpoch(frame.TimestampMicros)} us");
    }

    /// <summary>
    /// The next frame must be TCP with exactly these fields. <paramref name="options"/> are the option bytes in order
    /// (null: not checked); <paramref name="atMicros"/> the virtual time it was sent (null: not checked).
    /// </summary>
    public WireFrame ExpectSegment(TcpFlags flags, SeqNum seq, SeqNum ack, ushort? window = null, byte[]? options = null,
        int payloadLength = 0, long? atMicros = null) =>
        CheckSegment(NextFrame(), flags, seq, ack, window, options, payloadLength, atMicros);

    /// <summary>Asserts the fields of <paramref name="frame"/> as <see cref="ExpectSegment"/> does.</summary>
    public static WireFrame CheckSegment(WireFrame frame, TcpFlags flags, SeqNum seq, SeqNum ack, ushort? window = null, byte[]? options = null,
        int payloadLength = 0, long? atMicros = null)
    {
        var tcp = frame.Tcp;
        var what = Describe(frame);
        Assert.True(flags == tcp.Flags, $"flags: expected {flags}, got {what}");
        Assert.True(seq == tcp.SequenceNumber, $"seq: expected {seq}, got {what}");
        Assert.True(ack == tcp.AckNumber, $"ack: expected {ack}, got {what}");
        if (window is { } w) Assert.True(w == tcp.Window, $"window: expected {w}, got {what}");
        if (options is not null) Assert.Equal(Convert.ToHexString(options), Convert.ToHexString(frame.TcpOptionBytes));
        Assert.True(payloadLength == frame.TcpPayload.Length, $"payload: expected {payloadLength} bytes, got {what}");
        if (atMicros is { } at) Assert.True(at == frame.TimestampMicros, $"time: expected +{SinceEpoch(at)} us, got +{SinceEpoch(frame.TimestampMicros)} us for {what}");
        return frame;
    }

    /// <summary>A stateless RST (tcp_v4_send_reset) for a segment that carried ACK: RST, seq = SEG.ACK, ack 0, window 0, no options.</summary>
    public WireFrame ExpectStatelessReset(SeqNum segAck)
    {
        var frame = ExpectSegment(TcpFlags.Rst, segAck, default, window: 0, options: []);
        Assert.Equal(0, frame.Ip.Identification);
        Assert.True(frame.Ip.DontFragment);
        return frame;
    }

    /// <summary>A copy of the ingress's ehash and listener table, once everything in flight has been handled.</summary>
    public NicIngress.Tables Tables()
    {
        var probe = CreateTestProbe();
        Run();
        Stack.Ingress.Tell(NicIngress.GetTables.Instance, probe.Ref);
        Run();
        return probe.ExpectMsg<NicIngress.Tables>(_wait);
    }

    /// <summary>The listener's qlen, young, accept-queue length and backlog, once everything in flight has been handled.</summary>
    public ListenerActor.QueueState QueueState(BoundListener listener)
    {
        var probe = CreateTestProbe();
        Run();
        listener.Listener.Tell(ListenerActor.GetQueueState.Instance, probe.Ref);
        Run();
        return probe.ExpectMsg<ListenerActor.QueueState>(_wait);
    }

    /// <summary>
    /// accept() in pull mode for as many children as <paramref name="expected"/> names: sends
    /// <see cref="ResumeAccepting"/> and checks that the handler is told <see cref="Connected"/> for these flows, in
    /// this order (FIFO), without registering anything.
    /// </summary>
    public void ResumeAccepting(BoundListener listener, params PeerFlow[] expected)
    {
        listener.Listener.Tell(new ResumeAccepting(expected.Length), listener.Handler.Ref);
        Run();
        foreach (var flow in expected)
            Assert.Equal(new Ipv4Endpoint(PeerAddress, flow.PeerPort), listener.Handler.ExpectMsg<Connected>(_wait).RemoteAddress);
    }

    /// <summary>
    /// accept(): the handler must have been told <see cref="Connected"/> by a child; registers <paramref name="handler"/>
    /// (a fresh probe when null) for its data and returns the child's actor and the registered probe.
    /// </summary>
    public (IActorRef Connection, TestProbe Handler, Connected Connected) Accept(BoundListener listener, TestProbe? handler = null)
    {
        Run();
        var connected = listener.Handler.ExpectMsg<Connected>(_wait);
        var connection = listener.Handler.LastSender;
        handler ??= CreateTestProbe();
        connection.Tell(new Register(handler.Ref), handler.Ref);
        Run();
        return (connection, handler, connected);
    }

    /// <summary>The bytes the handler has been given so far (all <see cref="Received"/> messages waiting on it, in order).</summary>
    public byte[] Drain(TestProbe handler)
    {
        Run();
        var bytes = new List<byte>();
        while (handler.HasMessages)
        {
            var message = handler.ReceiveOne(_wait);
            if (message is Received received) bytes.AddRange(received.Data.ToArray());
        }
        return bytes.ToArray();
    }

    /// <summary>
    /// Collects <see cref="Received"/> data on <paramref name="handler"/> until <paramref name="count"/> bytes came
    /// (waiting for each message, bounded), then checks that nothing more arrives.
    /// </summary>
    public byte[] ReceiveBytes(TestProbe handler, int count)
    {
        var bytes = new List<byte>(count);
        while (bytes.Count < count)
        {
            Run();
            bytes.AddRange(handler.ExpectMsg<Received>(_wait).Data.ToArray());
        }
        ExpectNothing(handler);
        return bytes.ToArray();
    }

    /// <summary>Fails the test with the message if <paramref name="probe"/> got anything.</summary>
    public void ExpectNothing(TestProbe probe)
    {
        Run();
        if (!Deterministic) probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        if (probe.HasMessages) Assert.Fail($"expected nothing, got {probe.ReceiveOne(_wait)}");
    }

    public static string Describe(WireFrame frame)
    {
        var tcp = frame.Tcp;
        return $"{tcp.Flags} seq {tcp.SequenceNumber} ack {tcp.AckNumber} win {tcp.Window} {tcp.Options} len {frame.TcpPayload.Length}";
    }
}
