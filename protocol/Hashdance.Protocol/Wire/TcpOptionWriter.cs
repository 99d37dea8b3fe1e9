using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// Writes a <see cref="TcpOptionSet"/> in exactly the byte layout of tcp_options_write (net/ipv4/tcp_output.c):
/// MSS; timestamps (with SACK-permitted folded into the two leading pad bytes when both are on);
/// SACK-permitted alone behind two NOPs; NOP + window scale; two NOPs + SACK blocks; Fast Open cookie padded to
/// 4 bytes with NOPs. SACK-permitted is never first (middlebox workaround noted in the kernel).
/// </summary>
public static class TcpOptionWriter
{
    private const byte Nop = (byte)TcpOptionKind.Nop;

    /// <summary>Bytes <see cref="Write"/> will produce (a multiple of 4, at most 40).</summary>
    public static int Length(in TcpOptionSet set)
    {
        var length = 0;
        if (set.Mss.HasValue) length += 4;
        if (set.Timestamps.HasValue) length += 12;
        else if (set.SackPermitted) length += 4;
        if (set.WindowScale.HasValue) length += 4;
        if (set.SackBlockCount > 0) length += 4 + 8 * set.SackBlockCount;
        if (set.HasFastOpen) length += (FastOpenOptionLength(set) + 3) & ~3;
        return length;
    }

    /// <summary>Writes the options; returns the byte count (as <see cref="Length"/>).</summary>
    /// <exception cref="ArgumentException">The set does not fit in 40 bytes or in <paramref name="destination"/>.</exception>
    public static int Write(in TcpOptionSet set, Span<byte> destination)
    {
        var length = Length(set);
        if (length > TcpPacket.MaxOptionsLength || (uint)set.SackBlockCount > TcpSackBlocks.MaxBlocks)
            throw new ArgumentException($"TCP options need {length} bytes; at most {TcpPacket.MaxOptionsLength} fit.", nameof(set));
        if (length > destination.Length)
            throw new ArgumentException($"TCP options need {length} bytes; the destination has {destination.Length}.", nameof(destination));

        var p = 0;
        if (set.Mss is { } mss)
        {
            WriteWord(destination, ref p, (uint)TcpOptionKind.Mss << 24 | 4u << 16 | mss);
        }
        if (set.Timestamps is { } ts)
        {
            var lead = set.SackPermitted ? (uint)TcpOptionKind.SackPermitted << 24 | 2u << 16 : (uint)Nop << 24 | (uint)Nop << 16;
            WriteWord(destination, ref p, lead | (uint)TcpOptionKind.Timestamp << 8 | 10);
            WriteWord(destination, ref p, ts.Value);
            WriteWord(destination, ref p, ts.EchoReply);
        }
        else if (set.SackPermitted)
        {
            WriteWord(destination, ref p, (uint)Nop << 24 | (uint)Nop << 16 | (uint)TcpOptionKind.SackPermitted << 8 | 2);
        }
        if (set.WindowScale is { } ws)
        {
            WriteWord(destination, ref p, (uint)Nop << 24 | (uint)TcpOptionKind.WindowScale << 16 | 3u << 8 | ws);
        }
        if (set.SackBlockCount > 0)
        {
            WriteWord(destination, ref p, (uint)Nop << 24 | (uint)Nop << 16 | (uint)TcpOptionKind.Sack << 8 | (uint)(2 + 8 * set.SackBlockCount));
            for (var i = 0; i < set.SackBlockCount; i++)
            {
                WriteWord(destination, ref p, set.SackBlocks[i].Start.Value);
                WriteWord(destination, ref p, set.SackBlocks[i].End.Value);
            }
        }
        if (set.HasFastOpen)
        {
            var optionLength = FastOpenOptionLength(set);
            if (set.FastOpenExperimental)
            {
                destination[p] = (byte)TcpOptionKind.Experimental;
                destination[p + 1] = (byte)optionLength;
                BinaryPrimitives.WriteUInt16BigEndian(destination[(p + 2)..], TcpOptions.FastOpenMagic);
            }
            else
            {
                destination[p] = (byte)TcpOptionKind.FastOpen;
                destination[p + 1] = (byte)optionLength;
            }
            ReadOnlySpan<byte> cookie = set.FastOpenCookie;
            cookie[..set.FastOpenCookieLength].CopyTo(destination[(p + optionLength - set.FastOpenCookieLength)..]);
            var padded = (optionLength + 3) & ~3;
            destination.Slice(p + optionLength, padded - optionLength).Fill(Nop);
            p += padded;
        }
        return p;
    }

    private static int FastOpenOptionLength(in TcpOptionSet set) =>
        (set.FastOpenExperimental ? 4 : 2) + set.FastOpenCookieLength;

    private static void WriteWord(Span<byte> destination, ref int position, uint word)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination[position..], word);
        position += 4;
    }
}
