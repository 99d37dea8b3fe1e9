using System.Buffers.Binary;
using Hashdance.Packetdrill.Language;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// Compares an outbound packet line with what the stack sent (a.5): flags, seq and ack (remapped), the window when
/// the line gives one, the urgent pointer, the options byte for byte (TSval rebased and compared at the script's TS
/// tick only when --tcp_ts_tick_usecs is set; TSecr not compared; <c>&lt;...&gt;</c> skips them) and the payload
/// length (payload must be zeros). Consecutive live segments are first aggregated into the scripted one, as
/// packetdrill does without --strict_segments.
/// </summary>
public static class PacketMatcher
{
    /// <summary>
    /// How many queued segments, from the first, make up the line: 1, or more when the stack split into several
    /// segments what the script writes as one (each must follow the previous in sequence space).
    /// </summary>
    public static int SegmentsToAggregate(TcpPacketEvent expected, IReadOnlyList<CapturedSegment> queue, bool strict)
    {
        if (strict || queue.Count == 0 || queue[0].PayloadLength == 0) return Math.Min(1, queue.Count);
        var total = queue[0].PayloadLength;
        var count = 1;
        while (total < expected.PayloadLength && count < queue.Count)
        {
            var previous = queue[count - 1];
            var next = queue[count];
            if ((previous.Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst)) != 0) break;
            if (next.Seq != unchecked(previous.Seq + (uint)previous.PayloadLength) || next.PayloadLength == 0) break;
            total += next.PayloadLength;
            count++;
        }
        return count;
    }

    /// <summary>
    /// One segment standing for <paramref name="segments"/>, built as packetdrill's aggregate_packets builds it: the
    /// last segment's header (flags — so FIN and PSH —, ack, window, options, time) with the first one's seq and
    /// CWR, and the summed payload. PSH on an earlier segment (Linux's GSO packets each end in one) does not show.
    /// </summary>
    public static CapturedSegment Aggregate(IReadOnlyList<CapturedSegment> segments)
    {
        var first = segments[0];
        if (segments.Count == 1) return first;
        var last = segments[^1];
        var length = 0;
        var zero = true;
        foreach (var s in segments)
        {
            length += s.PayloadLength;
            zero &= s.PayloadIsZero;
        }
        return last with
        {
            Seq = first.Seq,
            Flags = (last.Flags & ~TcpFlags.Cwr) | (first.Flags & TcpFlags.Cwr),
            PayloadLength = length,
            PayloadIsZero = zero,
        };
    }

    /// <summary>
    /// Null when <paramref name="live"/> matches <paramref name="expected"/>; otherwise what differs, in packetdrill's
    /// words. Learns the local ISN (outbound SYN lines) and the TS offset (first outbound TSval) on the way.
    /// </summary>
    public static string? Compare(TcpPacketEvent expected, CapturedSegment live, ConnectionMapping mapping,
        Func<string, string> resolve, long? tsTickMicros, long toleranceMicros, long scriptMicrosSinceTsBase)
    {
        var syn = (expected.Flags & TcpFlags.Syn) != 0;
        if (live.Flags != expected.Flags)
            return Field("tcp flags", expected.FlagsText, TcpFlagsText.Format(live.Flags));

        if (syn && mapping.LiveLocalIsn is null) mapping.LearnLocalIsn(expected.StartSeq, live.Seq);
        var seq = mapping.LiveLocal(expected.StartSeq, syn);
        if (live.Seq != seq) return Field("tcp_seq", Rel(seq, mapping, local: true, syn), Rel(live.Seq, mapping, local: true, syn));

        uint ack = 0;
        if (expected.Ack is { } scriptAck)
            ack = (expected.Flags & TcpFlags.Ack) != 0 ? mapping.LiveRemote(scriptAck, syn) : scriptAck;
        if (live.Ack != ack) return Field("tcp_ack_seq", Rel(ack, mapping, local: false, syn), Rel(live.Ack, mapping, local: false, syn));

        if (expected.Window is { } window && live.Window != window) return Field("tcp_window", window.ToString(), live.Window.ToString());
        if (live.UrgentPointer != 0) return Field("tcp_urg_ptr", "0", live.UrgentPointer.ToString());

        if (!expected.OptionsUnchecked)
        {
            var error = CompareOptions(expected, live, mapping, resolve, tsTickMicros, toleranceMicros, scriptMicrosSinceTsBase);
            if (error is not null) return error;
        }
        if (live.PayloadLength != expected.PayloadLength)
            return Field("payload length", expected.PayloadLength.ToString(), live.PayloadLength.ToString());
        if (!live.PayloadIsZero) return "live packet payload: expected all zero bytes (what the script wrote) but it differs";
        return null;
    }

    private static string? CompareOptions(TcpPacketEvent expected, CapturedSegment live, ConnectionMapping mapping,
        Func<string, string> resolve, long? tsTickMicros, long toleranceMicros, long scriptMicrosSinceTsBase)
    {
        if (!TcpOptionEncoder.TryEncode(expected.Options ?? [], resolve, edge => mapping.LiveRemote(edge, false), out var encoded, out var error))
            return $"cannot encode the script's options: {error}";
        var want = encoded.Bytes;
        var ts = encoded.TimestampOffset;
        var liveOptions = live.Options;
        var expectedText = expected.Options is null ? "(none)" : "<" + string.Join(',', expected.Options) + ">";
        var liveText = TcpOptionText.Format(liveOptions, mapping.TsOffset is null ? null : mapping.ScriptTsVal);
        if (liveOptions.Length != want.Length) return Field("tcp options", expectedText, liveText);
        for (var i = 0; i < want.Length; i++)
        {
            if (ts >= 0 && i >= ts && i < ts + 8) continue;
            if (liveOptions[i] != want[i]) return Field("tcp options", expectedText, liveText);
        }
        if (ts < 0) return null;
        var scriptVal = BinaryPrimitives.ReadUInt32BigEndian(want.AsSpan(ts));
        var liveVal = BinaryPrimitives.ReadUInt32BigEndian(liveOptions.AsSpan(ts));
        if (mapping.TsOffset is null)
        {
            mapping.LearnTsOffset(scriptVal, liveVal);
            return null;
        }
        if (tsTickMicros is not { } tick) return null;
        var actual = mapping.ScriptTsVal(liveVal);
        var deltaTicks = Math.Abs((long)(int)unchecked(actual - scriptVal));
        var allowed = Math.Max(toleranceMicros, scriptMicrosSinceTsBase / 8);
        if (deltaTicks * tick > allowed)
            return $"bad outbound TSval: expected {scriptVal} but got {actual} ({deltaTicks} ticks of {tick} us apart; tolerance {allowed} us)";
        return null;
    }

    private static string Field(string name, string expected, string actual) => $"live packet field {name}: expected: {expected} vs actual: {actual}";

    private static string Rel(uint live, ConnectionMapping mapping, bool local, bool syn)
    {
        if (local)
        {
            if (mapping.LiveLocalIsn is not { } isn) return live.ToString();
            return $"{unchecked(live - isn + (syn ? mapping.ScriptLocalIsn : 0))}";
        }
        return syn ? live.ToString() : $"{unchecked(live - mapping.RemoteIsn)}";
    }
}
