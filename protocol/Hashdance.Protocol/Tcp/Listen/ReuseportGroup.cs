using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// An SO_REUSEPORT group: the listeners bound to one (address, port), in join order. Mirrors struct sock_reuseport
/// and its hash selection in net/core/sock_reuseport.c: <see cref="Add"/> is __reuseport_add_sock (append),
/// <see cref="Remove"/> is __reuseport_detach_sock (the last member takes the leaver's slot), <see cref="Select"/>
/// is reuseport_select_sock_by_hash (reciprocal_scale of the flow hash over the members) and
/// <see cref="SelectForMigration"/> is reuseport_migrate_sock without a BPF program. No BPF programs and no
/// SO_INCOMING_CPU preference: every member is a listener, so none is skipped as TCP_ESTABLISHED.
/// </summary>
/// <remarks>
/// Selection is a pure function of (members in order, hash): every SYN of one flow picks the same member as long as
/// membership is unchanged, which is what pins a flow to one node. A change of membership re-maps some new flows, as
/// in Linux; flows already in the ehash are not affected because the ehash is looked up first.
/// </remarks>
public sealed class ReuseportGroup<TMember> where TMember : class
{
    private readonly List<TMember> _members = new(4);

    /// <summary>The members in slot order (socks[0 .. num_socks-1]).</summary>
    public IReadOnlyList<TMember> Members => _members;

    public int Count => _members.Count;

    /// <summary>The first member: what the listener table shows for the address (the group's reuse->socks[0]).</summary>
    public TMember? First => _members.Count == 0 ? null : _members[0];

    /// <summary>Mirrors __reuseport_add_sock: the member goes into the next free slot. Returns false if it is already in.</summary>
    public bool Add(TMember member)
    {
        if (_members.Contains(member)) return false;
        _members.Add(member);
        return true;
    }

    /// <summary>
    /// Mirrors __reuseport_detach_sock: the last member moves into the leaver's slot and the group shrinks by one. Returns
    /// false if <paramref name="member"/> was not in the group.
    /// </summary>
    public bool Remove(TMember member)
    {
        var slot = _members.IndexOf(member);
        if (slot < 0) return false;
        var last = _members.Count - 1;
        _members[slot] = _members[last];
        _members.RemoveAt(last);
        return true;
    }

    public bool Contains(TMember member) => _members.Contains(member);

    /// <summary>Mirrors reuseport_select_sock_by_hash: socks[reciprocal_scale(hash, num_socks)]; null for an empty group.</summary>
    public TMember? Select(uint hash) => _members.Count == 0 ? null : _members[ReciprocalScale(hash, _members.Count)];

    /// <summary>
    /// Mirrors reuseport_migrate_sock: the member that takes over a request or child of <paramref name="leaving"/> (already
    /// removed, or about to be): the hash selection over the members other than it; null when none is left, which
    /// Linux counts as TCPMigrateReqFailure.
    /// </summary>
    public TMember? SelectForMigration(uint hash, TMember leaving)
    {
        if (!_members.Contains(leaving)) return Select(hash);
        var survivors = _members.Count - 1;
        if (survivors == 0) return null;
        // Select among the others as if the leaver were already detached (its slot taken by the last member).
        var slot = ReciprocalScale(hash, survivors);
        var member = _members[slot];
        return ReferenceEquals(member, leaving) || member.Equals(leaving) ? _members[survivors] : member;
    }

    /// <summary>Mirrors reciprocal_scale (include/linux/math.h): maps a 32-bit value onto [0, count) with a multiply and a shift.</summary>
    public static int ReciprocalScale(uint value, int count) => (int)((ulong)value * (uint)count >> 32);

    /// <summary>
    /// Mirrors inet_ehashfn: the flow hash a group selects with, Linux's keyed hash of (local address, local port, remote address,
    /// remote port). Linux keys it with inet_ehash_secret; here a SipHash key derived from the stack's seed.
    /// </summary>
    public static uint FlowHash(in FourTuple tuple, in SipHashKey key) =>
        (uint)SipHash.Hash3U32(tuple.LocalAddress.Value, tuple.RemoteAddress.Value, (uint)tuple.LocalPort << 16 | tuple.RemotePort, key);
}
