using Akka.Actor;
using Akka.Event;
using Hashdance.Actors.Api;
using Hashdance.Actors.Messages;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Ingress;

/// <summary>
/// The receive path of one link: the actor form of the driver → ip_rcv → tcp_v4_rcv chain. It validates each
/// frame (counting drops under Linux's MIB names), answers ARP for its address and ICMP echo, and dispatches TCP
/// segments by 4-tuple: first the ehash (connections, request socks, TIME_WAIT entries), then the listener table (a
/// specific address beats the wildcard, as __inet_lookup_listener scores them), else tcp_v4_send_reset. It is the
/// only writer of both tables; sockets ask it with messages, which is how the kernel's bucket locks look in actors.
/// Lookups are single dictionary probes on a value-type key: O(1) and allocation-free.
/// </summary>
/// <remarks>
/// TIME_WAIT entries are not actors: a connection that enters TIME_WAIT hands its <see cref="TimeWaitCore"/> over
/// (<see cref="TimeWaitHandOff"/>) and stops; the ingress answers their segments itself (tcp_v4_rcv's do_time_wait,
/// without an actor hop) and expires them with one timer set to the earliest deadline of its
/// <see cref="TimeWaitTable"/>.
/// </remarks>
public sealed class NicIngress : UntypedActor, IWithTimers
{
    private const string TimeWaitTimerKey = "time-wait";

    private readonly Ipv4Address _address;
    private readonly MacAddress _mac;
    private readonly TcpSysctls _sysctls;
    private readonly MibCounters _mib;
    private readonly Egress.Egress _egress;
    private readonly EphemeralPortAllocator _ports;
    private readonly Dictionary<FourTuple, IActorRef> _ehash = new();
    private readonly Dictionary<Ipv4Endpoint, IActorRef> _listeners = new();
    private readonly Dictionary<IActorRef, List<FourTuple>> _tuplesBySocket = new();
    // SO_REUSEPORT groups by bound address; _listeners then holds the group's first member.
    private readonly Dictionary<Ipv4Endpoint, ReuseportGroup<IActorRef>> _reuseportGroups = new();
    // Pending requests of reuseport listeners (tcp_migrate_req = 1), kept so they can move to a surviving member.
    private readonly Dictionary<FourTuple, (IActorRef Listener, RequestSockState State)> _requestSnapshots = new();
    private readonly SipHashKey _flowKey;
    private readonly TimeWaitTable _timeWait;
    private readonly Hashdance.Protocol.Time.IClock _clock;
    private long _timeWaitTimerDeadline = long.MaxValue;

    public NicIngress(Ipv4Address address, MacAddress mac, TcpSysctls sysctls, MibCounters mib, Egress.Egress egress, int seed,
        Hashdance.Protocol.Time.IClock? clock = null)
    {
        _clock = clock ?? new SchedulerClock(Context.System.Scheduler);
        _timeWait = new TimeWaitTable(mib, () => sysctls.TcpMaxTwBuckets);
        _address = address;
        _mac = mac;
        _sysctls = sysctls;
        _mib = mib;
        _egress = egress;
        _ports = new EphemeralPortAllocator(seed);
        _flowKey = SipHashKey.PairFromSeed(unchecked(seed * 257 + 3)).Second;
    }

    public static Props Props(Ipv4Address address, MacAddress mac, TcpSysctls sysctls, MibCounters mib, Egress.Egress egress, int seed,
        Hashdance.Protocol.Time.IClock? clock = null) =>
        Akka.Actor.Props.Create(() => new NicIngress(address, mac, sysctls, mib, egress, seed, clock));

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Asks for the TIME_WAIT entries; answered with <see cref="TimeWaitEntries"/>.</summary>
    public sealed record GetTimeWait : INoSerializationVerificationNeeded
    {
        public static GetTimeWait Instance { get; } = new();
    }

    /// <summary>A copy of the TIME_WAIT (and orphaned FIN_WAIT2) entries by 4-tuple.</summary>
    public sealed record TimeWaitEntries(IReadOnlyDictionary<FourTuple, TimeWaitCore> Entries) : INoSerializationVerificationNeeded;

    /// <summary>Entries in the ehash; for tests and diagnostics.</summary>
    public sealed record GetTables : INoSerializationVerificationNeeded
    {
        public static GetTables Instance { get; } = new();
    }

    /// <summary>A copy of both tables, and how many members each reuseport group has (a group's first member is in <c>Listeners</c>).</summary>
    public sealed record Tables(IReadOnlyDictionary<FourTuple, IActorRef> Ehash, IReadOnlyDictionary<Ipv4Endpoint, IActorRef> Listeners,
        IReadOnlyDictionary<Ipv4Endpoint, int>? ReuseportGroupSizes = null) : INoSerializationVerificationNeeded;

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case FrameSlot arrived:
                // A frame from the link: its pooled slot is the message, and the ingress owns the frame from here.
                OnArrived(arrived);
                break;
            case FramesArrived burst:
                foreach (var frame in burst.Frames) OnFrame(frame);
                break;
            case SegmentArrived relookup:
                // A request sock found its listener closed and handed the segment back (tcp_v4_rcv's "goto lookup"):
                // it was validated and counted when it first arrived, so it is only looked up again.
                OnFrame(relookup.Frame, relookup.IpOffset);
                break;
            case EhashInsert insert:
                OnInsert(insert);
                break;
            case EhashReplace replace:
                OnReplace(replace);
                break;
            case EhashRemove remove:
                if (_ehash.TryGetValue(remove.Tuple, out var owner) && owner.Equals(remove.Socket)) Unhash(remove.Tuple, owner);
                break;
            case ListenerAdd add:
                OnListenerAdd(add);
                break;
            case ListenerRemove remove:
                if (remove is { UnacceptedChildren: { Count: > 0 } children, UnacceptedTuples: { } tuples }) MigrateChildren(remove.LocalAddress, remove.Listener, children, tuples);
                if (RemoveListener(remove.LocalAddress, remove.Listener)) Context.Unwatch(remove.Listener);
                break;
            case ConnectHash connect:
                OnConnectHash(connect);
                break;
            case Terminated terminated:
                // A node that is gone takes every listener on it out of its groups before its sockets are unhashed,
                // so requests migrate only to members that are still alive.
                if (terminated.AddressTerminated) RemoveListenersOf(terminated.ActorRef.Path.Address);
                OnTerminated(terminated.ActorRef);
                break;
            case TimeWaitHandOff handOff:
                OnTimeWaitHandOff(handOff);
                break;
            case TimeWaitTick:
                _timeWaitTimerDeadline = long.MaxValue;
                _timeWait.Expire(_clock.NowMicros);
                ArmTimeWaitTimer();
                break;
            case GetTimeWait:
                Sender.Tell(new TimeWaitEntries(new Dictionary<FourTuple, TimeWaitCore>(_timeWait.Entries)));
                break;
            case GetTables:
                Sender.Tell(new Tables(new Dictionary<FourTuple, IActorRef>(_ehash), new Dictionary<Ipv4Endpoint, IActorRef>(_listeners),
                    _reuseportGroups.ToDictionary(g => g.Key, g => g.Value.Count)));
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void OnArrived(FrameSlot arrived)
    {
        PooledFrame frame;
        try
        {
            frame = arrived.Claim(out _);
        }
        catch (InvalidOperationException e)
        {
            // A slot delivered twice, or never handed over, is a bug elsewhere: the frame is not ours to read or return.
            CountFault(e, 0);
            return;
        }
        OnFrame(frame);
    }

    private void CountFault(Exception e, int frameLength)
    {
        // A bug on one frame must not cost the tables every socket depends on: count it, log it, go on.
        _mib.Increment(MibCounter.HdIngressFault);
        Context.GetLogger().Error(e, "ingress fault on a {0}-byte frame; frame dropped", frameLength);
    }

    /// <param name="relookupIpOffset">Where the IPv4 header of a segment handed back for a second lookup starts; -1 for a new frame.</param>
    private void OnFrame(PooledFrame frame, int relookupIpOffset = -1)
    {
        var handedOn = false;
        try
        {
            handedOn = relookupIpOffset < 0 ? Dispatch(frame) : Relookup(frame, relookupIpOffset);
        }
        catch (Exception e)
        {
            CountFault(e, frame.IsDisposed ? 0 : frame.Length);
        }
        finally
        {
            if (!handedOn) frame.Dispose();
        }
    }

    /// <summary>Returns true when the frame was handed to a socket actor (which then owns it).</summary>
    private bool Dispatch(PooledFrame frame)
    {
        var span = frame.Span;
        if (!EthernetRepr.TryParse(span, out var ethernet, out _))
        {
            _mib.Increment(MibCounter.HdLinkTooShort);
            return false;
        }
        // PACKET_OTHERHOST frames never reach the IP layer; group frames other than broadcast have no listener here.
        if (ethernet.Destination != _mac && !ethernet.Destination.IsBroadcast)
        {
            _mib.Increment(MibCounter.HdLinkNotForUs);
            return false;
        }
        var payload = span[EthernetRepr.HeaderLength..];
        switch (ethernet.EtherType)
        {
            case EtherType.Arp:
                OnArp(payload);
                return false;
            case EtherType.Ipv4:
                return OnIpv4(frame, payload, ethernet.Destination.IsBroadcast);
            default:
                _mib.Increment(MibCounter.HdLinkUnsupportedEtherType);
                return false;
        }
    }

    private void OnArp(ReadOnlySpan<byte> payload)
    {
        if (!ArpRepr.TryParse(payload, out var arp, out _))
        {
            _mib.Increment(MibCounter.HdArpMalformed);
            return;
        }
        // arp_process: a sender of 0.0.0.0 is a duplicate-address probe and one claiming our address is a conflict;
        // neither teaches us a neighbour.
        var sender = arp.SenderProtocolAddress;
        var learnable = sender != Ipv4Address.Any && sender != _address;
        if (arp.Operation != ArpOperation.Request || arp.TargetProtocolAddress != _address)
        {
            if (learnable) _egress.Neighbours.OnArpFrom(sender, arp.SenderHardwareAddress, arp.Operation == ArpOperation.Reply);
            return;
        }
        if (learnable) _egress.Neighbours.OnRequestForUs(sender, arp.SenderHardwareAddress);
        var reply = new ArpRepr(ArpOperation.Reply, _mac, _address, arp.SenderHardwareAddress, sender);
        _egress.SendArp(reply, arp.SenderHardwareAddress);
        _mib.Increment(MibCounter.HdArpRequestsAnswered);
    }

    private bool OnIpv4(PooledFrame frame, ReadOnlySpan<byte> datagram, bool linkBroadcast)
    {
        _mib.Increment(MibCounter.IpInReceives);
        if (!Ipv4Packet.TryParse(datagram, out var ip, out _))
        {
            _mib.Increment(MibCounter.IpInHdrErrors);
            return false;
        }
        if (!ip.VerifyChecksum())
        {
            _mib.Increment(MibCounter.IpInHdrErrors);
            _mib.Increment(MibCounter.HdIpBadChecksum);
            return false;
        }
        if (ip.IsFragment)
        {
            // Reassembly is not implemented: ip_defrag would count ReasmFails when it gives up on a datagram.
            _mib.Increment(MibCounter.IpReasmFails);
            _mib.Increment(MibCounter.HdIpFragmentUnsupported);
            return false;
        }
        var destination = ip.Destination;
        var toUs = destination == _address;
        if (!toUs && !destination.IsBroadcast)
        {
            // A host that does not forward drops datagrams for other addresses (ip_route_input_slow → InAddrErrors).
            _mib.Increment(MibCounter.IpInAddrErrors);
            return false;
        }
        switch (ip.Protocol)
        {
            case IpProtocol.Tcp:
                // tcp_v4_rcv drops anything that is not PACKET_HOST before counting it (§2 step 1).
                if (!toUs || linkBroadcast) return false;
                _mib.Increment(MibCounter.IpInDelivers);
                return OnTcp(frame, ip);
            case IpProtocol.Icmp:
                _mib.Increment(MibCounter.IpInDelivers);
                OnIcmp(ip, toUs);
                return false;
            default:
                _mib.Increment(MibCounter.IpInUnknownProtos);
                return false;
        }
    }

    private bool OnTcp(PooledFrame frame, Ipv4Packet ip)
    {
        _mib.Increment(MibCounter.TcpInSegs);
        if (!TcpPacket.TryParse(ip.Payload, out var tcp, out var error))
        {
            // doff < 5 is a bad packet (InErrs); a header cut short is discarded without a counter.
            if (error == WireError.BadDataOffset) _mib.Increment(MibCounter.TcpInErrs);
            else _mib.Increment(MibCounter.HdTcpMalformed);
            return false;
        }
        if (!tcp.VerifyChecksum(ip.Source, ip.Destination))
        {
            _mib.Increment(MibCounter.TcpInCsumErrors);
            _mib.Increment(MibCounter.TcpInErrs);
            return false;
        }
        return Lookup(frame, EthernetRepr.HeaderLength, ip, tcp);
    }

    /// <summary>A validated segment that a request sock handed back: looked up again without being counted again.</summary>
    private bool Relookup(PooledFrame frame, int ipOffset) =>
        Ipv4Packet.TryParse(frame.Span[ipOffset..], out var ip, out _) && TcpPacket.TryParse(ip.Payload, out var tcp, out _)
        && Lookup(frame, ipOffset, ip, tcp);

    /// <summary>
    /// __inet_lookup_skb: the ehash, then the listeners; no socket → tcp_v4_send_reset. Returns true when a socket
    /// actor took the frame.
    /// </summary>
    private bool Lookup(PooledFrame frame, int ipOffset, Ipv4Packet ip, TcpPacket tcp)
    {
        var tuple = new FourTuple(ip.Destination, tcp.DestinationPort, ip.Source, tcp.SourcePort);
        if (_ehash.TryGetValue(tuple, out var socket))
        {
            // A local socket gets the frame's pooled slot as the message (no allocation per segment); one on another
            // node gets the serializable record.
            if (socket is IInternalActorRef { IsLocal: true }) socket.Tell(frame.HandOver(ipOffset));
            else socket.Tell(new SegmentArrived(frame, ipOffset));
            return true;
        }
        if (_timeWait.TryGetValue(tuple, out var timeWait)) return OnTimeWaitSegment(timeWait, frame, ipOffset, ip, tcp);
        if (TryFindListener(tuple, out socket))
        {
            socket.Tell(new SegmentArrived(frame, ipOffset));
            return true;
        }
        var segment = TcpSegment.Read(ip, tcp, default);
        if (StatelessReset.TryBuild(segment, (byte)_sysctls.IpDefaultTtl, out var reset)) _egress.SendTcp(reset, default);
        return false;
    }

    /// <summary>
    /// tcp_v4_rcv's do_time_wait: tcp_timewait_state_process, then the reply. TCP_TW_SYN goes to the listener with
    /// the recycled ISN (or, without one, gets the TIME_WAIT ACK); TCP_TW_RST is tcp_v4_send_reset. Returns true when
    /// the listener took the frame.
    /// </summary>
    private bool OnTimeWaitSegment(TimeWaitCore entry, PooledFrame frame, int ipOffset, Ipv4Packet ip, TcpPacket tcp)
    {
        var now = _clock.NowMicros;
        var segment = TcpSegment.Read(ip, tcp, entry.ParseSettings);
        var verdict = entry.OnSegment(segment, now, out var isn);
        switch (verdict)
        {
            case TimeWaitVerdict.Syn:
                if (TryFindListener(new FourTuple(ip.Destination, tcp.DestinationPort, ip.Source, tcp.SourcePort), out var listener))
                {
                    _timeWait.Remove(entry);
                    listener.Tell(new SynFromTimeWait(new SegmentArrived(frame, ipOffset), isn));
                    return true;
                }
                _egress.SendTcp(entry.BuildAck(now, outOfWindow: false), default);
                break;
            case TimeWaitVerdict.Ack:
            case TimeWaitVerdict.AckOutOfWindow:
                _egress.SendTcp(entry.BuildAck(now, verdict == TimeWaitVerdict.AckOutOfWindow), default);
                break;
            case TimeWaitVerdict.Reset:
                if (StatelessReset.TryBuild(segment, (byte)_sysctls.IpDefaultTtl, out var reset)) _egress.SendTcp(reset, default);
                break;
        }
        if (entry.Killed) _timeWait.Remove(entry);
        return false;
    }

    /// <summary>inet_twsk_hashdance_schedule: the entry takes the socket's place in one step, if the socket still owns it.</summary>
    private void OnTimeWaitHandOff(TimeWaitHandOff handOff)
    {
        if (_ehash.TryGetValue(handOff.Tuple, out var owner) && owner.Equals(handOff.Socket))
        {
            Unhash(handOff.Tuple, owner);
            if (_timeWait.TryAdd(handOff.Entry)) ArmTimeWaitTimer();
        }
        handOff.Socket.Tell(new TimeWaitHashed(handOff.Tuple));
    }

    /// <summary>One timer for every entry: re-armed only when the earliest deadline comes before the armed one.</summary>
    private void ArmTimeWaitTimer()
    {
        if (_timeWait.NextDeadlineMicros is not long deadline || deadline >= _timeWaitTimerDeadline) return;
        _timeWaitTimerDeadline = deadline;
        var delay = Math.Max(0, deadline - _clock.NowMicros);
        Timers.StartSingleTimer(TimeWaitTimerKey, TimeWaitTick.Instance, TimeSpan.FromTicks(delay * 10));
    }

    /// <summary>
    /// __inet_lookup_listener: the specific address, then the wildcard; for a reuseport group,
    /// reuseport_select_sock picks the member by the flow hash, so every segment of a flow reaches the same member.
    /// </summary>
    private bool TryFindListener(in FourTuple tuple, out IActorRef listener)
    {
        var bound = new Ipv4Endpoint(tuple.LocalAddress, tuple.LocalPort);
        if (!_listeners.TryGetValue(bound, out listener!))
        {
            bound = new Ipv4Endpoint(Ipv4Address.Any, tuple.LocalPort);
            if (!_listeners.TryGetValue(bound, out listener!)) return false;
        }
        if (_reuseportGroups.Count != 0 && _reuseportGroups.TryGetValue(bound, out var group))
            listener = group.Select(ReuseportGroup<IActorRef>.FlowHash(tuple, _flowKey)) ?? listener;
        return true;
    }

    private void OnIcmp(Ipv4Packet ip, bool toUs)
    {
        _mib.Increment(MibCounter.IcmpInMsgs);
        var message = ip.Payload;
        if (!IcmpV4Repr.TryParse(message, out var icmp, out var error))
        {
            _mib.Increment(MibCounter.IcmpInErrors);
            if (error == WireError.BadChecksum) _mib.Increment(MibCounter.IcmpInCsumErrors);
            return;
        }
        switch (icmp.Message)
        {
            case IcmpV4Message.EchoRequest:
                _mib.Increment(MibCounter.IcmpInEchos);
                // icmp_echo ignores broadcast echoes by default (icmp_echo_ignore_broadcasts = 1).
                if (!toUs) return;
                var reply = icmp with { Message = IcmpV4Message.EchoReply };
                var data = message[IcmpV4Packet.HeaderLength..];
                if (_egress.SendIcmp(_address, ip.Source, reply, data, (byte)_sysctls.IpDefaultTtl)) _mib.Increment(MibCounter.IcmpOutEchoReps);
                return;
            case IcmpV4Message.EchoReply:
                _mib.Increment(MibCounter.IcmpInEchoReps);
                return;
            case IcmpV4Message.DestinationUnreachable:
                _mib.Increment(MibCounter.IcmpInDestUnreachs);
                break;
            case IcmpV4Message.TimeExceeded:
                _mib.Increment(MibCounter.IcmpInTimeExcds);
                break;
            case IcmpV4Message.ParameterProblem:
                _mib.Increment(MibCounter.IcmpInParmProbs);
                break;
            case IcmpV4Message.SourceQuench:
                _mib.Increment(MibCounter.IcmpInSrcQuenchs);
                break;
            case IcmpV4Message.Redirect:
                _mib.Increment(MibCounter.IcmpInRedirects);
                break;
            case IcmpV4Message.TimestampRequest:
                // icmp_timestamp would answer; this stack does not (nor does it keep a millisecond UT clock).
                _mib.Increment(MibCounter.IcmpInTimestamps);
                return;
            case IcmpV4Message.TimestampReply:
                _mib.Increment(MibCounter.IcmpInTimestampReps);
                return;
            case IcmpV4Message.AddressMaskRequest:
                _mib.Increment(MibCounter.IcmpInAddrMasks);
                return;
            case IcmpV4Message.AddressMaskReply:
                _mib.Increment(MibCounter.IcmpInAddrMaskReps);
                return;
            default:
                // icmp_discard: information request/reply and unassigned types up to NR_ICMP_TYPES.
                return;
        }
        // An error: tcp_v4_err finds the socket the quoted segment came from (it checks the type; source quench and
        // redirect end there after the sequence check).
        if (icmp.QuotedHeader.Protocol != IpProtocol.Tcp) return;
        var quoted = new FourTuple(icmp.QuotedHeader.Source, icmp.QuotedSourcePort, icmp.QuotedHeader.Destination, icmp.QuotedDestinationPort);
        if (_ehash.TryGetValue(quoted, out var socket))
            socket.Tell(new IcmpErrorArrived(quoted, (byte)icmp.Message, icmp.Code, icmp.QuotedSequenceNumber, icmp.NextHopMtu));
    }

    private void OnInsert(EhashInsert insert)
    {
        if (!_ehash.TryAdd(insert.Tuple, insert.Socket))
        {
            insert.Socket.Tell(new HashFailed(insert.Tuple));
            return;
        }
        Track(insert.Tuple, insert.Socket);
        if (insert.Request is { } request && _sysctls.TcpMigrateReq != 0) _requestSnapshots[insert.Tuple] = (Sender, request);
        insert.Socket.Tell(new Hashed(insert.Tuple));
    }

    private void OnReplace(EhashReplace replace)
    {
        if (!_ehash.TryGetValue(replace.Tuple, out var current) || !current.Equals(replace.Old))
        {
            Sender.Tell(new ReplaceFailed(replace.Tuple, replace.New));
            return;
        }
        Untrack(replace.Tuple, replace.Old);
        if (_requestSnapshots.Count != 0) _requestSnapshots.Remove(replace.Tuple);
        _ehash[replace.Tuple] = replace.New;
        Track(replace.Tuple, replace.New);
        replace.Old.Tell(new Unhashed(replace.Tuple, replace.New));
    }

    private void OnListenerAdd(ListenerAdd add)
    {
        if (!add.LocalAddress.Address.IsAny && add.LocalAddress.Address != _address)
        {
            Sender.Tell(new ListenerAddFailed(add.LocalAddress, SocketError.AddressNotAvailable, $"{add.LocalAddress.Address} is not an address of this stack"));
            return;
        }
        if (_listeners.TryAdd(add.LocalAddress, add.Listener))
        {
            if (add.ReusePort)
            {
                var group = new ReuseportGroup<IActorRef>();
                group.Add(add.Listener);
                _reuseportGroups[add.LocalAddress] = group;
            }
        }
        else if (!add.ReusePort || !_reuseportGroups.TryGetValue(add.LocalAddress, out var group) || !group.Add(add.Listener))
        {
            // inet_csk_bind_conflict: sharing needs SO_REUSEPORT on every listener of the address.
            Sender.Tell(new ListenerAddFailed(add.LocalAddress, SocketError.AddressInUse, $"{add.LocalAddress} is already bound"));
            return;
        }
        Context.Watch(add.Listener);
        Sender.Tell(new ListenerAdded(add.LocalAddress));
    }

    private void OnConnectHash(ConnectHash connect)
    {
        if (connect.LocalPort != 0)
        {
            var tuple = new FourTuple(_address, connect.LocalPort, connect.Remote.Address, connect.Remote.Port);
            if (_timeWait.TryGetValue(tuple, out _) || !_ehash.TryAdd(tuple, connect.Socket))
            {
                connect.Socket.Tell(new ConnectHashFailed(SocketError.AddressInUse, $"{tuple} is in use"));
                return;
            }
            Track(tuple, connect.Socket);
            connect.Socket.Tell(new ConnectHashed(tuple));
            return;
        }
        var port = _ports.Allocate(_address, connect.Remote, _sysctls.IpLocalPortRange,
            p => _ehash.ContainsKey(new FourTuple(_address, p, connect.Remote.Address, connect.Remote.Port))
                 || _timeWait.TryGetValue(new FourTuple(_address, p, connect.Remote.Address, connect.Remote.Port), out _)
                 || _listeners.ContainsKey(new Ipv4Endpoint(_address, p)) || _listeners.ContainsKey(new Ipv4Endpoint(Ipv4Address.Any, p)));
        if (port is not ushort chosen)
        {
            connect.Socket.Tell(new ConnectHashFailed(SocketError.AddressNotAvailable, $"no free local port towards {connect.Remote}"));
            return;
        }
        var hashed = new FourTuple(_address, chosen, connect.Remote.Address, connect.Remote.Port);
        _ehash.Add(hashed, connect.Socket);
        Track(hashed, connect.Socket);
        connect.Socket.Tell(new ConnectHashed(hashed));
    }

    /// <summary>
    /// Remembers which 4-tuples a socket on another node owns, and watches it: such a socket can vanish with its node
    /// and never unhash itself. Local socket actors unhash themselves in PostStop, which Akka runs however they stop
    /// (even after a crash), so they are neither watched (a DeathWatch costs ~0.4 KB and ~5 µs a handshake) nor
    /// tracked (~0.1 KB per connection).
    /// </summary>
    private void Track(FourTuple tuple, IActorRef socket)
    {
        if (socket.Path.Address.HasLocalScope) return;
        if (!_tuplesBySocket.TryGetValue(socket, out var tuples))
        {
            tuples = new List<FourTuple>(1);
            _tuplesBySocket[socket] = tuples;
            Context.Watch(socket);
        }
        tuples.Add(tuple);
    }

    private void Untrack(FourTuple tuple, IActorRef socket)
    {
        if (!_tuplesBySocket.TryGetValue(socket, out var tuples)) return;
        tuples.Remove(tuple);
        if (tuples.Count != 0) return;
        _tuplesBySocket.Remove(socket);
        Context.Unwatch(socket);
    }

    private void Unhash(FourTuple tuple, IActorRef socket)
    {
        _ehash.Remove(tuple);
        if (_requestSnapshots.Count != 0) _requestSnapshots.Remove(tuple);
        Untrack(tuple, socket);
    }

    /// <summary>
    /// A listener leaves its address (closed, crashed or gone with its node): inet_unhash, and for a reuseport member
    /// reuseport_detach_sock after migrating its pending requests. Returns false if it was not registered there.
    /// </summary>
    private bool RemoveListener(Ipv4Endpoint endpoint, IActorRef listener)
    {
        if (!_reuseportGroups.TryGetValue(endpoint, out var group))
        {
            if (!_listeners.TryGetValue(endpoint, out var registered) || !registered.Equals(listener)) return false;
            _listeners.Remove(endpoint);
            return true;
        }
        if (!group.Contains(listener)) return false;
        MigrateRequestsOf(listener, group);
        group.Remove(listener);
        if (group.First is { } first) _listeners[endpoint] = first;
        else
        {
            _reuseportGroups.Remove(endpoint);
            _listeners.Remove(endpoint);
        }
        return true;
    }

    /// <summary>
    /// inet_csk_listen_stop with tcp_migrate_req = 1: each un-accepted child of the closing member goes to the accept
    /// queue of the member the flow hash picks among the others; without one it is reset (inet_child_forget).
    /// </summary>
    private void MigrateChildren(Ipv4Endpoint endpoint, IActorRef leaving, IReadOnlyList<IActorRef> children, IReadOnlyList<FourTuple> tuples)
    {
        _reuseportGroups.TryGetValue(endpoint, out var group);
        for (var i = 0; i < children.Count; i++)
        {
            var child = children[i];
            IActorRef? target = null;
            if (group is not null && i < tuples.Count)
                target = group.SelectForMigration(ReuseportGroup<IActorRef>.FlowHash(tuples[i], _flowKey), leaving);
            if (target is null)
            {
                _mib.Increment(MibCounter.TcpExtTCPMigrateReqFailure);
                child.Tell(ListenerClosed.Instance);
                continue;
            }
            _mib.Increment(MibCounter.TcpExtTCPMigrateReqSuccess);
            target.Tell(new MigrateChild(child, tuples[i]));
        }
    }

    /// <summary>Every listener registered from a node that is gone leaves its group (the cluster removed the member).</summary>
    private void RemoveListenersOf(Address node)
    {
        List<(Ipv4Endpoint, IActorRef)>? gone = null;
        foreach (var (endpoint, group) in _reuseportGroups)
        {
            foreach (var member in group.Members)
            {
                if (member.Path.Address.Equals(node)) (gone ??= []).Add((endpoint, member));
            }
        }
        foreach (var (endpoint, listener) in _listeners)
        {
            if (listener.Path.Address.Equals(node)) (gone ??= []).Add((endpoint, listener));
        }
        if (gone is null) return;
        foreach (var (endpoint, listener) in gone) RemoveListener(endpoint, listener);
    }

    /// <summary>
    /// tcp_migrate_req = 1 (inet_csk_listen_stop → reuseport_migrate_sock): each pending request of the leaving
    /// listener goes to the member the flow hash picks among the others, which hashes a new request sock for it; the
    /// old entry is dropped here so no segment reaches the old request. Without a survivor the request is lost
    /// (TCPMigrateReqFailure) and its peer's next segment meets a listener-less address or another listener: a RST.
    /// </summary>
    private void MigrateRequestsOf(IActorRef leaving, ReuseportGroup<IActorRef> group)
    {
        if (_requestSnapshots.Count == 0) return;
        List<FourTuple>? moved = null;
        foreach (var (tuple, snapshot) in _requestSnapshots)
        {
            if (snapshot.Listener.Equals(leaving)) (moved ??= []).Add(tuple);
        }
        if (moved is null) return;
        foreach (var tuple in moved)
        {
            var state = _requestSnapshots[tuple].State;
            _requestSnapshots.Remove(tuple);
            if (_ehash.TryGetValue(tuple, out var oldRequest)) Unhash(tuple, oldRequest);
            var target = group.SelectForMigration(ReuseportGroup<IActorRef>.FlowHash(tuple, _flowKey), leaving);
            if (target is null)
            {
                _mib.Increment(MibCounter.TcpExtTCPMigrateReqFailure);
                continue;
            }
            _mib.Increment(MibCounter.TcpExtTCPMigrateReqSuccess);
            target.Tell(new MigrateRequest(state));
        }
    }

    /// <summary>A socket actor died without unhashing (a crash, or a node gone): drop every entry it owned.</summary>
    private void OnTerminated(IActorRef actor)
    {
        if (_tuplesBySocket.Remove(actor, out var tuples))
        {
            foreach (var tuple in tuples)
            {
                if (!_ehash.TryGetValue(tuple, out var owner) || !owner.Equals(actor)) continue;
                _ehash.Remove(tuple);
                if (_requestSnapshots.Count != 0) _requestSnapshots.Remove(tuple);
            }
        }
        List<Ipv4Endpoint>? gone = null;
        foreach (var (endpoint, listener) in _listeners)
        {
            if (listener.Equals(actor) || (_reuseportGroups.TryGetValue(endpoint, out var group) && group.Contains(actor))) (gone ??= []).Add(endpoint);
        }
        if (gone is null) return;
        foreach (var endpoint in gone) RemoveListener(endpoint, actor);
    }
}
