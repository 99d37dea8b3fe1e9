using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The sent-but-unacknowledged segments of a connection (tcp_rtx_queue) with their scoreboard bits
/// (TCP_SKB_CB(skb)->sacked: TCPCB_SACKED_ACKED, TCPCB_LOST, TCPCB_SACKED_RETRANS, TCPCB_EVER_RETRANS) and the
/// counters tcp_sock keeps over them (packets_out, sacked_out, lost_out, retrans_out). One entry per transmitted
/// segment, oldest first; the bytes stay in the send <see cref="ByteRing"/> until snd_una passes them.
/// </summary>
internal sealed class RetransmitQueue
{
    [Flags]
    public enum Marks : byte
    {
        None = 0,
        Sacked = 1,
        Lost = 2,
        Retrans = 4,
        EverRetrans = 8,
        Fin = 16,
        Psh = 32,
        /// <summary>The last segment of the GSO packet it was first sent in (tcp_write_xmit's skb, as tso_fragment cut it).</summary>
        GsoEnd = 64,
    }

    // Empty until the first transmission, so an idle connection carries no scoreboard arrays; they double as needed.
    private SeqNum[] _start = [];
    private SeqNum[] _end = [];
    private Marks[] _marks = [];
    private long[] _sentMicros = [];
    private long[] _txDelivered = [];
    private int _head;

    /// <summary>packets_out.</summary>
    public int Count { get; private set; }

    /// <summary>sacked_out.</summary>
    public int SackedOut { get; private set; }

    /// <summary>lost_out.</summary>
    public int LostOut { get; private set; }

    /// <summary>retrans_out.</summary>
    public int RetransOut { get; private set; }

    /// <summary>tcp_packets_in_flight: packets_out − left_out + retrans_out.</summary>
    public int InFlight => Count - (SackedOut + LostOut) + RetransOut;

    public SeqNum Start(int i) => _start[Slot(i)];

    public SeqNum End(int i) => _end[Slot(i)];

    public Marks MarksOf(int i) => _marks[Slot(i)];

    public long SentMicros(int i) => _sentMicros[Slot(i)];

    /// <summary>TCP_SKB_CB(skb)-&gt;tx.delivered: tp-&gt;delivered when the segment was last sent (tcp_rate_skb_sent).</summary>
    public long TxDelivered(int i) => _txDelivered[Slot(i)];

    public bool Has(int i, Marks mark) => (_marks[Slot(i)] & mark) != 0;

    /// <summary>A segment just transmitted for the first time (tcp_event_new_data_sent queues the skb).</summary>
    public void Append(SeqNum start, SeqNum end, Marks marks, long nowMicros, long delivered)
    {
        if (Count == _start.Length) Grow();
        var slot = Slot(Count);
        _start[slot] = start;
        _end[slot] = end;
        _marks[slot] = marks;
        _sentMicros[slot] = nowMicros;
        _txDelivered[slot] = delivered;
        Count++;
    }

    /// <summary>
    /// tcp_clean_rtx_queue: drops the segments wholly below <paramref name="una"/> and trims a partly acknowledged
    /// head (tcp_trim_head). Returns the segments removed. <paramref name="firstSentMicros"/> and
    /// <paramref name="lastSentMicros"/> are the send times of the oldest and newest removed segment that was neither
    /// retransmitted nor SACKed before (first_ackt / last_ackt; -1 when none); <paramref name="retransmittedAcked"/>
    /// is FLAG_RETRANS_DATA_ACKED (Karn: no RTT sample from the send times).
    /// </summary>
    public int AckUpTo(SeqNum una, out long firstSentMicros, out long lastSentMicros, out bool retransmittedAcked)
    {
        firstSentMicros = lastSentMicros = -1;
        retransmittedAcked = false;
        var removed = 0;
        while (Count > 0)
        {
            var slot = _head;
            if (_end[slot] > una)
            {
                if (_start[slot] < una) _start[slot] = una;
                break;
            }
            var marks = _marks[slot];
            if ((marks & (Marks.Retrans | Marks.EverRetrans)) != 0)
            {
                retransmittedAcked = true;
            }
            else if ((marks & Marks.Sacked) == 0)
            {
                lastSentMicros = _sentMicros[slot];
                if (firstSentMicros < 0) firstSentMicros = lastSentMicros;
            }
            Unmark(slot, Marks.Sacked | Marks.Lost | Marks.Retrans);
            _head = (_head + 1) % _start.Length;
            Count--;
            removed++;
        }
        if (Count == 0) _head = 0;
        return removed;
    }

    /// <summary>tcp_sacktag_one: entry <paramref name="i"/> is SACKed (no longer lost or retransmitted-out); false if it already was.</summary>
    public bool MarkSacked(int i)
    {
        var slot = Slot(i);
        if ((_marks[slot] & Marks.Sacked) != 0) return false;
        Unmark(slot, Marks.Lost | Marks.Retrans);
        _marks[slot] |= Marks.Sacked;
        SackedOut++;
        return true;
    }

    /// <summary>
    /// tcp_mark_skb_lost: LOST. With <paramref name="retransmissionToo"/> (a timeout), a segment already lost whose
    /// retransmission is outstanding has that retransmission declared lost as well (TCPLostRetransmit).
    /// </summary>
    public bool MarkLost(int i, bool retransmissionToo, out bool lostRetransmission)
    {
        lostRetransmission = false;
        var slot = Slot(i);
        var marks = _marks[slot];
        if ((marks & Marks.Sacked) != 0) return false;
        if ((marks & Marks.Lost) != 0)
        {
            if (!retransmissionToo || (marks & Marks.Retrans) == 0) return false;
            Unmark(slot, Marks.Retrans);
            lostRetransmission = true;
            return true;
        }
        _marks[slot] |= Marks.Lost;
        LostOut++;
        return true;
    }

    /// <summary>tcp_timeout_mark_lost after a SACK reneging: every SACK mark is forgotten.</summary>
    public void ClearSacks()
    {
        for (var i = 0; i < Count; i++) Unmark(Slot(i), Marks.Sacked);
    }

    /// <summary>The segment has been sent again (tcp_retransmit_skb).</summary>
    public void NoteRetransmitted(int i, long nowMicros, long delivered)
    {
        var slot = Slot(i);
        if ((_marks[slot] & Marks.Retrans) == 0) RetransOut++;
        _marks[slot] |= Marks.Retrans | Marks.EverRetrans;
        _sentMicros[slot] = nowMicros;
        _txDelivered[slot] = delivered;
    }

    /// <summary>
    /// A copy sent by __tcp_retransmit_skb alone (a tail loss probe): TCPCB_EVER_RETRANS and the new send time, but
    /// not counted in retrans_out.
    /// </summary>
    public void NoteEverRetransmitted(int i, long nowMicros, long delivered)
    {
        var slot = Slot(i);
        _marks[slot] |= Marks.EverRetrans;
        _sentMicros[slot] = nowMicros;
        _txDelivered[slot] = delivered;
    }

    /// <summary>The loss marks of tcp_undo_cwnd_reduction(unmark_loss): no segment is lost any more (lost_out = 0).</summary>
    public void ClearLost()
    {
        for (var i = 0; i < Count; i++) Unmark(Slot(i), Marks.Lost);
    }

    /// <summary>tcp_fragment: splits entry <paramref name="i"/> after <paramref name="length"/> sequence numbers.</summary>
    public void Split(int i, int length)
    {
        if (Count == _start.Length) Grow();
        var slot = Slot(i);
        var marks = _marks[slot];
        var cut = _start[slot] + length;
        // Shift the later entries one place towards the tail.
        for (var k = Count; k > i + 1; k--)
        {
            var to = Slot(k);
            var from = Slot(k - 1);
            _start[to] = _start[from];
            _end[to] = _end[from];
            _marks[to] = _marks[from];
            _sentMicros[to] = _sentMicros[from];
            _txDelivered[to] = _txDelivered[from];
        }
        var next = Slot(i + 1);
        _start[next] = cut;
        _end[next] = _end[slot];
        _marks[next] = marks;
        _sentMicros[next] = _sentMicros[slot];
        _txDelivered[next] = _txDelivered[slot];
        _end[slot] = cut;
        _marks[slot] = marks & ~(Marks.Fin | Marks.Psh | Marks.GsoEnd);
        Count++;
        if ((marks & Marks.Sacked) != 0) SackedOut++;
        if ((marks & Marks.Lost) != 0) LostOut++;
        if ((marks & Marks.Retrans) != 0) RetransOut++;
    }

    public void Clear()
    {
        Count = SackedOut = LostOut = RetransOut = 0;
        _head = 0;
    }

    private void Unmark(int slot, Marks marks)
    {
        var had = _marks[slot] & marks;
        if ((had & Marks.Sacked) != 0) SackedOut--;
        if ((had & Marks.Lost) != 0) LostOut--;
        if ((had & Marks.Retrans) != 0) RetransOut--;
        _marks[slot] &= ~marks;
    }

    private int Slot(int i) => (_head + i) % _start.Length;

    private void Grow()
    {
        var size = Math.Max(16, _start.Length * 2);
        var start = new SeqNum[size];
        var end = new SeqNum[size];
        var marks = new Marks[size];
        var sent = new long[size];
        var delivered = new long[size];
        for (var i = 0; i < Count; i++)
        {
            var slot = Slot(i);
            start[i] = _start[slot];
            end[i] = _end[slot];
            marks[i] = _marks[slot];
            sent[i] = _sentMicros[slot];
            delivered[i] = _txDelivered[slot];
        }
        _start = start;
        _end = end;
        _marks = marks;
        _sentMicros = sent;
        _txDelivered = delivered;
        _head = 0;
    }
}
