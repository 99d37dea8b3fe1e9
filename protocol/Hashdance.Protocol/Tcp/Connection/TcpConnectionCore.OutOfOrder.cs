using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    // --- out-of-order queue (tp->out_of_order_queue, tp->selective_acks) ---
    // Created by the first out-of-order segment: most connections never hold one, and an idle TCB stays smaller.
    private OutOfOrderQueue? _outOfOrderQueue;
    private int _outOfOrderBytes; // payload bytes held beyond rcv_nxt (charged to sk_rmem_alloc like the queue)

    /// <summary>Payload bytes held in the out-of-order queue.</summary>
    public int OutOfOrderBytes => _outOfOrderBytes;

    /// <summary>The SACK blocks our next ACK reports (tp->selective_acks, most recent first; no D-SACK).</summary>
    public IReadOnlyList<TcpSackBlock> SackBlocks
    {
        get
        {
            var blocks = new TcpSackBlock[_outOfOrderQueue?.SackBlockCount ?? 0];
            for (var i = 0; i < blocks.Length; i++) blocks[i] = _outOfOrderQueue!.SackBlock(i);
            return blocks;
        }
    }

    /// <summary>
    /// Mirrors tcp_data_queue_ofo (net/ipv4/tcp_input.c): a segment beyond rcv_nxt is held (its bytes parked in the
    /// receive ring at their offset), merged with what it overlaps (a duplicate is D-SACKed: TCPOFOMerge's
    /// tcp_dsack_set), reported in a SACK block (tcp_sack_new_ofo_skb), and answered at once. Linux compresses the
    /// ACKs after the third one for the same rcv_nxt (tcp_comp_sack_nr, a ≤ 1 ms hrtimer); this core sends each.
    /// </summary>
    private void DataQueueOfo(in TcpSegment segment, ReadOnlySpan<byte> payload)
    {
        var seq = segment.Seq;
        var offset = seq - _rcvNxt;
        if (Space() <= 0 || !_receiveQueue.WriteAt(offset, payload))
        {
            // tcp_try_rmem_schedule failed.
            _mib.Increment(MibCounter.TcpExtTCPOFODrop);
            return;
        }
        _ackScheduled = true;
        _ackNow = true;
        _mib.Increment(MibCounter.TcpExtTCPOFOQueue);
        var result = (_outOfOrderQueue ??= new OutOfOrderQueue()).Insert(seq, segment.EndSeq, segment.IsFin, out var dupStart, out var dupEnd);
        switch (result)
        {
            case OutOfOrderQueue.InsertResult.Full:
                _mib.Increment(MibCounter.TcpExtTCPOFODrop);
                return;
            case OutOfOrderQueue.InsertResult.Duplicate:
                DsackSet(dupStart, dupEnd);
                return;
        }
        if (dupStart != dupEnd) DsackSet(dupStart, dupEnd);
        _outOfOrderBytes = CountOutOfOrderBytes();
        if (_sackOk) _outOfOrderQueue.NoteSack(seq, segment.EndSeq);
    }

    /// <summary>
    /// Mirrors tcp_ofo_queue: every held range that now starts at or before rcv_nxt joins the receive queue; a FIN at
    /// the end of one is processed (tcp_fin purges the rest).
    /// </summary>
    private void OfoQueue(long nowMicros, ITcpOutput output)
    {
        // Data the in-order segment brought that the queue already held is reported as D-SACK: from each queued
        // range that starts below where the new data ended, up to that point or its own end, whichever comes first
        // (the dsack_high of tcp_ofo_queue, as fixed in 2025: "dsack = end_seq", not "dsack_high = end_seq").
        var dsackHigh = _rcvNxt;
        while (_outOfOrderQueue is not null && _outOfOrderQueue.TakeFirst(_rcvNxt, out var start, out var end, out var fin))
        {
            if (start < dsackHigh) DsackExtend(start, end < dsackHigh ? end : dsackHigh);
            var dataEnd = fin ? end - 1 : end;
            if (dataEnd > _rcvNxt) _receiveQueue.Commit(dataEnd - _rcvNxt);
            if (end > _rcvNxt) _rcvNxt = end;
            _outOfOrderBytes = CountOutOfOrderBytes();
            if (fin)
            {
                Fin(nowMicros, output);
                break;
            }
        }
    }

    /// <summary>skb_rbtree_purge of the out-of-order queue with tcp_sack_reset.</summary>
    private void PurgeOutOfOrder()
    {
        _outOfOrderQueue?.Clear();
        _outOfOrderBytes = 0;
        _receiveQueue.DiscardParked();
    }

    private int CountOutOfOrderBytes() => _outOfOrderQueue?.HeldSequence ?? 0;
}
