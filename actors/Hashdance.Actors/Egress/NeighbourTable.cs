using System.Buffers;
using Akka.Actor;
using Hashdance.NicIo;
using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Egress;

/// <summary>
/// The ARP cache: IPv4 next hop → MAC, with Linux's neighbour state machine. Mirrors arp_tbl and the NUD logic of
/// net/core/neighbour.c (__neigh_event_send, neigh_update, neigh_timer_handler) with net/ipv4/arp.c's arp_solicit.
/// </summary>
/// <remarks>
/// <para>
/// Static neighbours are NUD_PERMANENT entries. A table built without a scheduler only has those: an unknown next hop
/// is "no route". With a scheduler, an unknown next hop gets an INCOMPLETE entry, a broadcast ARP request every
/// retrans_time (mcast_solicit of them), and a queue of the frames waiting for it, bounded by unres_qlen_bytes (the
/// oldest are dropped: unresolved_discards). A reply (or a request for our address, which Linux learns as STALE)
/// sends the queue. REACHABLE lasts a random [½, 1½] × base_reachable_time; then STALE; a STALE entry that is used
/// goes to DELAY, and after delay_first_probe_time to PROBE, which sends ucast_solicit unicast requests before FAILED.
/// </para>
/// <para>
/// Socket actors call <see cref="Lookup"/> concurrently, so the table is guarded by one lock. Timers are Akka
/// scheduler callbacks (virtual time under TestScheduler); each entry's timer carries a generation number, so a
/// superseded timer that fires anyway does nothing (neigh_del_timer's role). Upper-layer confirmations
/// (dst_confirm_neigh on TCP progress) are not fed in: a busy entry is re-verified by a unicast probe every
/// reachable period, as Linux does for traffic without confirmations. There is no periodic garbage collection.
/// </para>
/// </remarks>
public sealed class NeighbourTable
{
    private readonly object _lock = new();
    private readonly Dictionary<Ipv4Address, Entry> _entries = new();
    private readonly IScheduler? _scheduler;
    private readonly IClock? _clock;
    private readonly Random _random;
    private ILink? _link;
    private MacAddress _mac;
    private Ipv4Address _address;
    private long _lookups;
    private long _hits;
    private long _resFailed;
    private long _unresolvedDiscards;
    private long _probesSent;
    private long _failedDiscards;

    /// <summary>A static table: only <paramref name="permanent"/> entries, no resolution.</summary>
    public NeighbourTable(IEnumerable<KeyValuePair<Ipv4Address, MacAddress>> permanent)
        : this(permanent, null, null, NeighbourParameters.Default, 0)
    {
    }

    /// <summary>A resolving table (when <paramref name="scheduler"/> is given); it sends nothing until an <see cref="Egress"/> attaches it to a link.</summary>
    public NeighbourTable(IEnumerable<KeyValuePair<Ipv4Address, MacAddress>> permanent, IScheduler? scheduler, IClock? clock,
        NeighbourParameters parameters, int seed)
    {
        _scheduler = scheduler;
        _clock = clock;
        Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));
        _random = new Random(seed);
        foreach (var (ip, mac) in permanent) _entries[ip] = new Entry(ip) { State = NeighbourState.Permanent, Mac = mac };
    }

    public NeighbourParameters Parameters { get; }

    /// <summary>Whether unknown next hops are resolved with ARP (a scheduler was given and a link attached).</summary>
    public bool Resolves => _scheduler is not null && _link is not null;

    public int Count
    {
        get
        {
            lock (_lock) return _entries.Count;
        }
    }

    public NeighbourStatistics Statistics
    {
        get
        {
            lock (_lock) return new NeighbourStatistics(_entries.Count, _lookups, _hits, _resFailed, _unresolvedDiscards, _probesSent, _failedDiscards);
        }
    }

    /// <summary>Called once by the egress that owns the table: where solicitations go and whom they are from.</summary>
    internal void Attach(ILink link, MacAddress mac, Ipv4Address address)
    {
        _link = link;
        _mac = mac;
        _address = address;
    }

    /// <summary>The MAC of an entry that has one (any state but INCOMPLETE and FAILED), without touching its state.</summary>
    public bool TryGet(Ipv4Address address, out MacAddress mac)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(address, out var entry) && HasAddress(entry.State))
            {
                mac = entry.Mac;
                return true;
            }
        }
        mac = default;
        return false;
    }

    /// <summary>The entry's state, or null when there is none (NUD_NONE).</summary>
    public NeighbourState? StateOf(Ipv4Address address)
    {
        lock (_lock) return _entries.TryGetValue(address, out var entry) ? entry.State : null;
    }

    /// <summary>
    /// The send path's question for <paramref name="nextHop"/> (neigh_event_send): a usable MAC, or "queue the frame",
    /// or "no route" for a static table. Using a STALE entry starts its re-check (DELAY).
    /// </summary>
    public NeighbourLookup Lookup(Ipv4Address nextHop, out MacAddress mac)
    {
        lock (_lock)
        {
            _lookups++;
            if (_entries.TryGetValue(nextHop, out var entry))
            {
                entry.UsedMicros = Now;
                switch (entry.State)
                {
                    case NeighbourState.Permanent:
                    case NeighbourState.Reachable:
                    case NeighbourState.Delay:
                    case NeighbourState.Probe:
                        _hits++;
                        mac = entry.Mac;
                        return NeighbourLookup.Resolved;
                    case NeighbourState.Stale:
                        _hits++;
                        entry.State = NeighbourState.Delay;
                        Arm(entry, Parameters.DelayFirstProbeTime);
                        mac = entry.Mac;
                        return NeighbourLookup.Resolved;
                }
            }
            mac = default;
            return Resolves ? NeighbourLookup.Queue : NeighbourLookup.NoRoute;
        }
    }

    /// <summary>
    /// Takes ownership of a built frame (in a buffer rented from <see cref="ArrayPool{T}.Shared"/>) whose destination
    /// MAC is still unknown: it waits in the entry's queue and is sent with the MAC filled in once ARP resolves it.
    /// Starts resolution when the entry has none under way. Sent at once if the entry resolved meanwhile.
    /// </summary>
    public void Enqueue(Ipv4Address nextHop, byte[] frame, int length)
    {
        var outbox = new Outbox();
        lock (_lock)
        {
            EnqueueLocked(nextHop, frame, length, outbox);
        }
        outbox.Send(_link!, _mac);
    }

    private void EnqueueLocked(Ipv4Address nextHop, byte[] frame, int length, Outbox outbox)
    {
        if (!Resolves)
        {
            // Unreachable in practice: Lookup answers NoRoute, not Queue, for a table that does not resolve.
            ArrayPool<byte>.Shared.Return(frame);
            return;
        }
        if (!_entries.TryGetValue(nextHop, out var entry))
        {
            entry = new Entry(nextHop) { State = NeighbourState.Failed };
            _entries[nextHop] = entry;
        }
        entry.UsedMicros = Now;
        if (HasAddress(entry.State))
        {
            outbox.Frame(frame, length, entry.Mac);
            return;
        }
        entry.Queue.Enqueue((frame, length));
        entry.QueuedBytes += length;
        while (entry.QueuedBytes > Parameters.UnresolvedQueueBytes && entry.Queue.Count > 1)
        {
            var (oldest, oldestLength) = entry.Queue.Dequeue();
            entry.QueuedBytes -= oldestLength;
            ArrayPool<byte>.Shared.Return(oldest);
            _unresolvedDiscards++;
        }
        if (entry.State == NeighbourState.Failed)
        {
            // __neigh_event_send from NUD_NONE/NUD_FAILED: probes start at ucast_solicit, so the INCOMPLETE
            // entry sends mcast_solicit broadcasts (neigh_max_probes) and the first goes out at once.
            entry.State = NeighbourState.Incomplete;
            entry.Probes = Parameters.UnicastProbes;
            Arm(entry, Parameters.RetransTime);
            Solicit(entry, outbox);
        }
    }

    /// <summary>
    /// An ARP request for our address from <paramref name="address"/> (arp_process → neigh_event_ns): the sender is
    /// created or refreshed as STALE, since it will surely be talked to.
    /// </summary>
    public void OnRequestForUs(Ipv4Address address, MacAddress mac)
    {
        var outbox = new Outbox();
        lock (_lock)
        {
            if (!_entries.TryGetValue(address, out var entry))
            {
                entry = new Entry(address) { State = NeighbourState.Failed };
                _entries[address] = entry;
            }
            Update(entry, mac, NeighbourState.Stale, outbox);
        }
        if (_link is not null) outbox.Send(_link, _mac);
    }

    /// <summary>
    /// Any other ARP packet from <paramref name="address"/> (a reply, a gratuitous ARP, a request for someone else):
    /// only an existing entry is updated, REACHABLE for a reply and STALE otherwise (arp_process without arp_accept).
    /// </summary>
    public void OnArpFrom(Ipv4Address address, MacAddress mac, bool isReply)
    {
        var outbox = new Outbox();
        lock (_lock)
        {
            if (_entries.TryGetValue(address, out var entry)) Update(entry, mac, isReply ? NeighbourState.Reachable : NeighbourState.Stale, outbox);
        }
        if (_link is not null) outbox.Send(_link, _mac);
    }

    /// <summary>A gratuitous ARP request announcing our address (sender = target = us, broadcast), as arp_notify sends.</summary>
    public void Announce()
    {
        if (_link is null) return;
        ArpFrames.Send(_link, _mac, new ArpRepr(ArpOperation.Request, _mac, _address, MacAddress.Zero, _address), MacAddress.Broadcast);
    }

    private long Now => _clock?.NowMicros ?? 0;

    private static bool HasAddress(NeighbourState state) => state is not (NeighbourState.Incomplete or NeighbourState.Failed);

    /// <summary>neigh_update: a new address or state from ARP; PERMANENT entries are not ARP's to change.</summary>
    private void Update(Entry entry, MacAddress mac, NeighbourState state, Outbox outbox)
    {
        if (entry.State == NeighbourState.Permanent) return;
        var hadAddress = HasAddress(entry.State);
        // A valid entry told STALE with the address it already has keeps its state (neigh_update's "new = old").
        if (hadAddress && mac == entry.Mac && state == NeighbourState.Stale) return;
        entry.Mac = mac;
        entry.State = state;
        if (state == NeighbourState.Reachable)
        {
            entry.ConfirmedMicros = Now;
            Arm(entry, ReachableTime());
        }
        else
        {
            Disarm(entry);
        }
        if (hadAddress) return;
        while (entry.Queue.Count > 0)
        {
            var (frame, length) = entry.Queue.Dequeue();
            outbox.Frame(frame, length, entry.Mac);
        }
        entry.QueuedBytes = 0;
    }

    /// <summary>neigh_rand_reach_time: uniformly in [½, 1½] × base_reachable_time.</summary>
    private TimeSpan ReachableTime() =>
        TimeSpan.FromTicks(Parameters.BaseReachableTime.Ticks / 2 + (long)(_random.NextDouble() * Parameters.BaseReachableTime.Ticks));

    private void Arm(Entry entry, TimeSpan delay)
    {
        if (_scheduler is null) return;
        var generation = ++entry.TimerGeneration;
        _scheduler.Advanced.ScheduleOnce(delay, () => OnTimer(entry, generation));
    }

    private static void Disarm(Entry entry) => entry.TimerGeneration++;

    /// <summary>neigh_timer_handler.</summary>
    private void OnTimer(Entry entry, long generation)
    {
        var outbox = new Outbox();
        lock (_lock)
        {
            OnTimerLocked(entry, generation, outbox);
        }
        outbox.Send(_link!, _mac);
    }

    private void OnTimerLocked(Entry entry, long generation, Outbox outbox)
    {
        if (generation != entry.TimerGeneration) return;
        var now = Now;
        switch (entry.State)
        {
            case NeighbourState.Reachable:
                // Armed for the entry's reachable time after the last confirmation, so it has run out: recently
                // used entries go to DELAY to be re-checked, idle ones to STALE.
                if (now - entry.UsedMicros <= Micros(Parameters.DelayFirstProbeTime))
                {
                    entry.State = NeighbourState.Delay;
                    Arm(entry, Parameters.DelayFirstProbeTime);
                }
                else
                {
                    entry.State = NeighbourState.Stale;
                }
                return;
            case NeighbourState.Delay:
                if (now - entry.ConfirmedMicros <= Micros(Parameters.DelayFirstProbeTime))
                {
                    entry.State = NeighbourState.Reachable;
                    Arm(entry, ReachableTime());
                    return;
                }
                entry.State = NeighbourState.Probe;
                entry.Probes = 0;
                break;
        }
        if (entry.State is not (NeighbourState.Incomplete or NeighbourState.Probe)) return;
        var maxProbes = Parameters.UnicastProbes + (entry.State == NeighbourState.Incomplete ? Parameters.MulticastProbes : 0);
        if (entry.Probes >= maxProbes)
        {
            Fail(entry);
            return;
        }
        Arm(entry, Parameters.RetransTime);
        Solicit(entry, outbox);
    }

    /// <summary>neigh_invalidate: resolution failed; the waiting frames are dropped.</summary>
    private void Fail(Entry entry)
    {
        entry.State = NeighbourState.Failed;
        _resFailed++;
        while (entry.Queue.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(entry.Queue.Dequeue().Frame);
            _failedDiscards++;
        }
        entry.QueuedBytes = 0;
    }

    /// <summary>
    /// neigh_probe → arp_solicit: a unicast request to the known address while probes &lt; ucast_solicit, else a
    /// broadcast; the target hardware address is left zero either way.
    /// </summary>
    private void Solicit(Entry entry, Outbox outbox)
    {
        var unicast = entry.Probes < Parameters.UnicastProbes && HasAddress(entry.State);
        outbox.Arp(new ArpRepr(ArpOperation.Request, _mac, _address, MacAddress.Zero, entry.Address), unicast ? entry.Mac : MacAddress.Broadcast);
        entry.Probes++;
        _probesSent++;
    }

    private static long Micros(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    /// <summary>
    /// What a locked section decided to transmit, sent after the lock is released, as neigh_probe and neigh_update
    /// drop the neighbour's lock before calling solicit or output: a frame never leaves while the table is locked.
    /// </summary>
    private sealed class Outbox
    {
        private readonly List<(byte[] Frame, int Length, MacAddress Destination)> _frames = [];
        private readonly List<(ArpRepr Arp, MacAddress Destination)> _arps = [];

        public void Frame(byte[] frame, int length, MacAddress destination) => _frames.Add((frame, length, destination));

        public void Arp(in ArpRepr arp, MacAddress destination) => _arps.Add((arp, destination));

        public void Send(ILink link, MacAddress source)
        {
            foreach (var (arp, destination) in _arps) ArpFrames.Send(link, source, arp, destination);
            foreach (var (frame, length, destination) in _frames)
            {
                try
                {
                    destination.Write(frame);
                    link.Send(frame.AsSpan(0, length));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
            }
        }
    }

    /// <summary>One struct neighbour.</summary>
    private sealed class Entry(Ipv4Address address)
    {
        public Ipv4Address Address { get; } = address;
        public NeighbourState State { get; set; }
        public MacAddress Mac { get; set; }
        public long ConfirmedMicros { get; set; }
        public long UsedMicros { get; set; }
        public int Probes { get; set; }
        public long TimerGeneration { get; set; }
        public Queue<(byte[] Frame, int Length)> Queue { get; } = new();
        public int QueuedBytes { get; set; }
    }
}
