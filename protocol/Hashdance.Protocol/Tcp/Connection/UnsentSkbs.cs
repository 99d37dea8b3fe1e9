using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// Where the skbs of Linux's write queue would end in the unsent part of the send buffer, and which of them carry
/// PSH. The bytes themselves live in the send ring; this keeps only each unsent skb's end sequence number and its
/// TCPHDR_PSH mark, because both show on the wire: tcp_write_xmit never builds a segment across two skbs, cuts its
/// GSO packets at skb ends (tcp_mss_split_point), and tcp_mark_push sets PSH on an skb, not on a byte.
/// </summary>
/// <remarks>
/// The first entry's skb starts at snd_nxt (what was sent of it became an rtx-queue skb, tso_fragment, and the rest
/// is still the tail that later writes top up); each later one starts where the previous ends. Entries are appended
/// by tcp_sendmsg's copy loop and dropped once snd_nxt passes their end. The array grows on demand and is reused, so
/// steady-state sending allocates nothing.
/// </remarks>
internal sealed class UnsentSkbs
{
    private SeqNum[] _ends = [];
    private bool[] _push = [];
    private bool _tailEor;      // the tail skb is marked eor (only the tail can be: a new skb clears it)
    private int _head;

    /// <summary>Unsent skbs.</summary>
    public int Count { get; private set; }

    /// <summary>The end of the skb the next segment comes from.</summary>
    public SeqNum HeadEnd => _ends[_head];

    /// <summary>Whether the head skb is marked PSH (tcp_mark_push).</summary>
    public bool HeadPush => _push[_head];

    /// <summary>Whether the head skb is also the write queue's tail (tcp_skb_is_last), and so the tail the send head.</summary>
    public bool HeadIsTail => Count == 1;

    /// <summary>
    /// One turn of tcp_sendmsg_locked's copy loop: up to <paramref name="length"/> bytes written at
    /// <paramref name="writeSeq"/> go into the unsent tail skb while it is below <paramref name="sizeGoal"/> (its
    /// PSH mark is cleared: "if (!copied) tcp_flags &amp;= ~TCPHDR_PSH"), or else into a new skb
    /// (<paramref name="entailed"/>: tcp_skb_entail). Returns the bytes taken; <paramref name="full"/> says whether
    /// the tail skb has reached the size goal.
    /// </summary>
    public int AppendOnce(SeqNum sndNxt, SeqNum writeSeq, int length, int sizeGoal, bool firstCopy, out bool full, out bool entailed)
    {
        entailed = false;
        int tail;
        int room;
        // tcp_skb_can_collapse_to: an skb that ended a MSG_EOR write takes no more bytes.
        if (Count > 0 && !_tailEor && (room = sizeGoal - (_ends[tail = Index(Count - 1)] - TailStart(sndNxt))) > 0)
        {
            if (firstCopy) _push[tail] = false;
        }
        else
        {
            tail = Push(writeSeq);
            room = sizeGoal;
            entailed = true;
        }
        var add = Math.Min(room, length);
        _ends[tail] = writeSeq + add;
        full = add == room;
        return add;
    }

    /// <summary>MSG_EOR: the tail skb ends a record (TCP_SKB_CB(skb)->eor), so the next write starts a new skb.</summary>
    public void MarkTailEor()
    {
        if (Count > 0) _tailEor = true;
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
        if (Count != 0) return;
        _head = 0;
        _tailEor = false;
    }

    /// <summary>Forgets every unsent skb (the write queue is purged).</summary>
    public void Clear()
    {
        _tailEor = false;
        Count = 0;
        _head = 0;
    }

    private SeqNum TailStart(SeqNum sndNxt) => Count == 1 ? sndNxt : _ends[Index(Count - 2)];

    private int Index(int i) => (_head + i) % _ends.Length;

    private int Push(SeqNum end)
    {
        if (Count == _ends.Length) Grow();
        var slot = Index(Count);
        _ends[slot] = end;
        _push[slot] = false;
        _tailEor = false;
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
