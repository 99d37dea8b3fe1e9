using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// Where the skbs of Linux's write queue would end in the unsent part of the send buffer, and which of them carry
/// PSH. The bytes themselves live in the send ring; this keeps only each unsent skb's end sequence number and its
/// TCPHDR_PSH mark, because both show on the wire: tcp_write_xmit never builds a segment across two skbs, cuts its
/// GSO packets at skb ends (tcp_mss_split_point), and tcp_mark_push sets PSH on an skb, not on a byte.
/// </summary>
/// <remarks>
/// The first entry's skb starts at snd_nxt (what was sent of it became an rtx-queue skb, tso_fragment); each later
/// one starts where the previous ends. Entries are appended by tcp_sendmsg's copy loop and dropped once snd_nxt
/// passes their end. The array grows on demand and is reused, so steady-state sending allocates nothing.
/// </remarks>
internal sealed class UnsentSkbs
{
    private SeqNum[] _ends = [];
    private bool[] _push = [];
    private int _head;

    /// <summary>Unsent skbs.</summary>
    public int Count { get; private set; }

    /// <summary>The end of the skb the next segment comes from.</summary>
    public SeqNum HeadEnd => _ends[_head];

    /// <summary>Whether the head skb is marked PSH (tcp_mark_push).</summary>
    public bool HeadPush => _push[_head];

    /// <summary>Whether the head skb is also the write queue's tail (tcp_skb_is_last).</summary>
    public bool HeadIsTail => Count == 1;

    /// <summary>
    /// Mirrors the copy loop of tcp_sendmsg_locked: <paramref name="length"/> bytes written at
    /// <paramref name="writeSeq"/> first fill the unsent tail skb up to <paramref name="sizeGoal"/> (its PSH mark is
    /// cleared: "if (!copied) tcp_flags &amp;= ~TCPHDR_PSH"), then go into new skbs of at most the size goal. After
    /// each skb that is full while more bytes follow, forced_push (write_seq more than half the largest window the
    /// peer ever offered, <paramref name="halfMaxWindow"/>, past pushed_seq) marks it PSH and moves pushed_seq to
    /// its end.
    /// </summary>
    public void Append(SeqNum sndNxt, SeqNum writeSeq, int length, int sizeGoal, uint halfMaxWindow, ref SeqNum pushedSeq)
    {
        var end = writeSeq;
        var remaining = length;
        if (Count > 0)
        {
            var tail = Index(Count - 1);
            var tailStart = Count == 1 ? sndNxt : _ends[Index(Count - 2)];
            var room = sizeGoal - (_ends[tail] - tailStart);
            if (room > 0)
            {
                var add = Math.Min(room, remaining);
                end += add;
                remaining -= add;
                _ends[tail] = end;
                _push[tail] = false;
                if (remaining > 0 && add == room) ForcedPush(tail, end, halfMaxWindow, ref pushedSeq);
            }
        }
        while (remaining > 0)
        {
            var add = Math.Min(sizeGoal, remaining);
            end += add;
            remaining -= add;
            var slot = Push(end);
            if (remaining > 0 && add == sizeGoal) ForcedPush(slot, end, halfMaxWindow, ref pushedSeq);
        }
    }

    /// <summary>tcp_mark_push on the tail skb (tcp_push at the end of a write); pushed_seq moves by the caller.</summary>
    public void MarkTailPush()
    {
        if (Count > 0) _push[Index(Count - 1)] = true;
    }

    /// <summary>Drops the skbs that snd_nxt has passed (tcp_event_new_data_sent unlinking the sent skb).</summary>
    public void Consume(SeqNum sndNxt)
    {
        while (Count > 0 && _ends[_head] <= sndNxt)
        {
            _head = (_head + 1) % _ends.Length;
            Count--;
        }
        if (Count == 0) _head = 0;
    }

    /// <summary>Forgets every unsent skb (the write queue is purged).</summary>
    public void Clear()
    {
        Count = 0;
        _head = 0;
    }

    private void ForcedPush(int slot, SeqNum end, uint halfMaxWindow, ref SeqNum pushedSeq)
    {
        if (!(end > pushedSeq + (int)halfMaxWindow)) return;
        _push[slot] = true;
        pushedSeq = end;
    }

    private int Index(int i) => (_head + i) % _ends.Length;

    private int Push(SeqNum end)
    {
        if (Count == _ends.Length) Grow();
        var slot = Index(Count);
        _ends[slot] = end;
        _push[slot] = false;
        Count++;
        return slot;
    }

    private void Grow()
    {
        var capacity = Math.Max(8, _ends.Length * 2);
        var ends = new SeqNum[capacity];
        var push = new bool[capacity];
        for (var i = 0; i < Count; i++)
        {
            ends[i] = _ends[Index(i)];
            push[i] = _push[Index(i)];
        }
        _ends = ends;
        _push = push;
        _head = 0;
    }
}
