using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The sequence ranges a receiver holds beyond rcv_nxt (tp->out_of_order_queue; the bytes themselves are parked in
/// the receive <see cref="ByteRing"/> after its tail) and the SACK blocks it reports for them
/// (tp->selective_acks / rx_opt.num_sacks). Ranges are kept sorted, disjoint and coalesced, as tcp_data_queue_ofo
/// leaves its rbtree; the SACK blocks are kept most recent first, as tcp_sack_new_ofo_skb orders them.
/// </summary>
internal sealed class OutOfOrderQueue
{
    /// <summary>TCP_NUM_SACKS: the SACK blocks a receiver remembers.</summary>
    public const int MaxSackBlocks = 4;

    /// <summary>How many disjoint holes we keep before dropping new out-of-order segments (the kernel prunes by memory).</summary>
    public const int MaxRanges = 256;

    // Empty until the first out-of-order segment: most connections never see one, and an idle connection should not
    // carry ~2.3 KB of range arrays (docs/performance-stack.md §2). They grow by doubling up to MaxRanges.
    private SeqNum[] _start = [];
    private SeqNum[] _end = [];
    private bool[] _fin = [];
    private SeqNum[] _sackStart = [];
    private SeqNum[] _sackEnd = [];

    /// <summary>Disjoint ranges held.</summary>
    public int Count { get; private set; }

    public bool IsEmpty => Count == 0;

    /// <summary>rx_opt.num_sacks.</summary>
    public int SackBlockCount { get; private set; }

    public TcpSackBlock SackBlock(int index) => new(_sackStart[index], _sackEnd[index]);

    /// <summary>Sequence space held (payload bytes, plus one for a held FIN).</summary>
    public int HeldSequence
    {
        get
        {
            var total = 0;
            for (var i = 0; i < Count; i++) total += _end[i] - _start[i];
            return total;
        }
    }

    /// <summary>The start of the first range (the first byte past the hole at rcv_nxt).</summary>
    public SeqNum FirstStart => _start[0];

    /// <summary>The end of the last range.</summary>
    public SeqNum LastEnd => _end[Count - 1];

    /// <summary>The outcome of <see cref="Insert"/>.</summary>
    public enum InsertResult
    {
        /// <summary>New bytes were added (possibly overlapping what was held: see the duplicate range).</summary>
        Added,
        /// <summary>Every byte was already held: drop it, D-SACK it.</summary>
        Duplicate,
        /// <summary>Too many holes: drop it (TCPOFODrop).</summary>
        Full,
    }

    /// <summary>
    /// Adds [<paramref name="seq"/>, <paramref name="end"/>) (with a FIN at its end when <paramref name="fin"/>).
    /// Mirrors the range logic of tcp_data_queue_ofo: a segment inside a held one is a duplicate; one overlapping held
    /// ranges swallows them. <paramref name="dupStart"/>/<paramref name="dupEnd"/> give the first overlap (the
    /// D-SACK tcp_dsack_set reports), equal when there is none.
    /// </summary>
    public InsertResult Insert(SeqNum seq, SeqNum end, bool fin, out SeqNum dupStart, out SeqNum dupEnd)
    {
        dupStart = dupEnd = seq;
        // First range whose end reaches seq (ranges ending before seq are untouched).
        var i = 0;
        while (i < Count && _end[i] < seq) i++;
        if (i < Count && _start[i] <= seq && end <= _end[i])
        {
            dupStart = seq;
            dupEnd = end;
            return InsertResult.Duplicate;
        }
        // Ranges i..j-1 overlap or touch [seq, end).
        var j = i;
        while (j < Count && _start[j] <= end) j++;
        if (j == i && Count == MaxRanges) return InsertResult.Full;
        if (j == i && Count == _start.Length) GrowRanges();
        if (j > i)
        {
            var overlapStart = Later(seq, _start[i]);
            var overlapEnd = Earlier(end, _end[i]);
            if (overlapStart < overlapEnd)
            {
                dupStart = overlapStart;
                dupEnd = overlapEnd;
            }
            var mergedStart = Earlier(seq, _start[i]);
            var lastEnd = _end[j - 1];
            var mergedFin = end >= lastEnd ? fin : _fin[j - 1];
            var mergedEnd = Later(end, lastEnd);
            _start[i] = mergedStart;
            _end[i] = mergedEnd;
            _fin[i] = mergedFin;
            RemoveRange(i + 1, j - (i + 1));
            return InsertResult.Added;
        }
        Array.Copy(_start, i, _start, i + 1, Count - i);
        Array.Copy(_end, i, _end, i + 1, Count - i);
        Array.Copy(_fin, i, _fin, i + 1, Count - i);
        _start[i] = seq;
        _end[i] = end;
        _fin[i] = fin;
        Count++;
        return InsertResult.Added;
    }

    /// <summary>
    /// Takes the first range when it starts at or before <paramref name="rcvNxt"/> (tcp_ofo_queue): returns false
    /// when the hole is still open. A range wholly before rcv_nxt is dropped and reported with an empty length.
    /// </summary>
    public bool TakeFirst(SeqNum rcvNxt, out SeqNum start, out SeqNum end, out bool fin)
    {
        start = end = default;
        fin = false;
        if (Count == 0 || _start[0] > rcvNxt) return false;
        start = _start[0];
        end = _end[0];
        fin = _fin[0];
        RemoveRange(0, 1);
        return true;
    }

    /// <summary>Forgets everything (tcp_ofo_queue purge, tcp_disconnect).</summary>
    public void Clear()
    {
        Count = 0;
        SackBlockCount = 0;
    }

    /// <summary>
    /// Mirrors tcp_sack_new_ofo_skb: a block the new range extends moves to the front (and swallows the blocks it now
    /// touches, tcp_sack_maybe_coalesce); otherwise a new block goes in front and the oldest falls off when all
    /// four are in use.
    /// </summary>
    public void NoteSack(SeqNum seq, SeqNum end)
    {
        if (_sackStart.Length == 0)
        {
            _sackStart = new SeqNum[MaxSackBlocks];
            _sackEnd = new SeqNum[MaxSackBlocks];
        }
        if (SackBlockCount == 0)
        {
            _sackStart[0] = seq;
            _sackEnd[0] = end;
            SackBlockCount = 1;
            return;
        }
        for (var k = 0; k < SackBlockCount; k++)
        {
            if (seq > _sackEnd[k] || _sackStart[k] > end) continue;
            var s = Earlier(seq, _sackStart[k]);
            var e = Later(end, _sackEnd[k]);
            for (; k > 0; k--)
            {
                _sackStart[k] = _sackStart[k - 1];
                _sackEnd[k] = _sackEnd[k - 1];
            }
            _sackStart[0] = s;
            _sackEnd[0] = e;
            CoalesceFirst();
            return;
        }
        var count = SackBlockCount == MaxSackBlocks ? MaxSackBlocks - 1 : SackBlockCount;
        for (var k = count; k > 0; k--)
        {
            _sackStart[k] = _sackStart[k - 1];
            _sackEnd[k] = _sackEnd[k - 1];
        }
        _sackStart[0] = seq;
        _sackEnd[0] = end;
        SackBlockCount = count + 1;
    }

    /// <summary>Mirrors tcp_sack_remove: once rcv_nxt covers a block it goes; an empty queue reports none.</summary>
    public void RemoveSacksBelow(SeqNum rcvNxt)
    {
        if (Count == 0)
        {
            SackBlockCount = 0;
            return;
        }
        var k = 0;
        while (k < SackBlockCount)
        {
            if (rcvNxt >= _sackStart[k])
            {
                RemoveSack(k);
                continue;
            }
            k++;
        }
    }

    /// <summary>tcp_sack_maybe_coalesce: merge later blocks that the front block now overlaps or touches.</summary>
    private void CoalesceFirst()
    {
        var k = 1;
        while (k < SackBlockCount)
        {
            if (_sackStart[k] <= _sackEnd[0] && _sackStart[0] <= _sackEnd[k])
            {
                _sackStart[0] = Earlier(_sackStart[0], _sackStart[k]);
                _sackEnd[0] = Later(_sackEnd[0], _sackEnd[k]);
                RemoveSack(k);
                continue;
            }
            k++;
        }
    }

    private void RemoveSack(int index)
    {
        for (var m = index + 1; m < SackBlockCount; m++)
        {
            _sackStart[m - 1] = _sackStart[m];
            _sackEnd[m - 1] = _sackEnd[m];
        }
        SackBlockCount--;
    }

    private void GrowRanges()
    {
        var size = Math.Min(MaxRanges, Math.Max(4, _start.Length * 2));
        Array.Resize(ref _start, size);
        Array.Resize(ref _end, size);
        Array.Resize(ref _fin, size);
    }

    private void RemoveRange(int index, int count)
    {
        if (count <= 0) return;
        var tail = Count - index - count;
        Array.Copy(_start, index + count, _start, index, tail);
        Array.Copy(_end, index + count, _end, index, tail);
        Array.Copy(_fin, index + count, _fin, index, tail);
        Count -= count;
    }

    private static SeqNum Earlier(SeqNum a, SeqNum b) => a < b ? a : b;

    private static SeqNum Later(SeqNum a, SeqNum b) => a > b ? a : b;
}
