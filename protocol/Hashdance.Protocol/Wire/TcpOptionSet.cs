namespace Hashdance.Protocol.Wire;

/// <summary>
/// The options to put on an outgoing segment: the wire-relevant part of <c>struct tcp_out_options</c>
/// (net/ipv4/tcp_output.c) as filled by tcp_syn_options / tcp_synack_options / tcp_established_options.
/// Written by <see cref="TcpOptionWriter"/>. Fixed size, no references.
/// </summary>
public struct TcpOptionSet : IEquatable<TcpOptionSet>
{
    /// <summary>MSS to advertise (written first when present).</summary>
    public ushort? Mss;

    /// <summary>Our receive window shift (OPTION_WSCALE).</summary>
    public byte? WindowScale;

    /// <summary>OPTION_SACK_ADVERTISE.</summary>
    public bool SackPermitted;

    /// <summary>OPTION_TS.</summary>
    public TcpTimestamps? Timestamps;

    /// <summary>Number of SACK blocks in <see cref="SackBlocks"/> to send (0..4).</summary>
    public int SackBlockCount;
    public TcpSackBlocks SackBlocks;

    /// <summary>OPTION_FAST_OPEN_COOKIE: a cookie (4..16 bytes) or an empty cookie request.</summary>
    public bool HasFastOpen;
    public bool FastOpenExperimental;
    public int FastOpenCookieLength;
    public TcpFastOpenCookie FastOpenCookie;

    public void AddSackBlock(SeqNum start, SeqNum end)
    {
        if (SackBlockCount >= TcpSackBlocks.MaxBlocks)
            throw new InvalidOperationException($"At most {TcpSackBlocks.MaxBlocks} SACK blocks fit in the TCP options area.");
        SackBlocks[SackBlockCount++] = new TcpSackBlock(start, end);
    }

    /// <summary>Sets the Fast Open option: an empty <paramref name="cookie"/> is a cookie request.</summary>
    public void SetFastOpenCookie(ReadOnlySpan<byte> cookie, bool experimental)
    {
        if (cookie.Length > TcpFastOpenCookie.MaxLength)
            throw new ArgumentException($"A Fast Open cookie is at most {TcpFastOpenCookie.MaxLength} bytes.", nameof(cookie));
        HasFastOpen = true;
        FastOpenExperimental = experimental;
        FastOpenCookieLength = cookie.Length;
        FastOpenCookie = default;
        cookie.CopyTo(FastOpenCookie);
    }

    public readonly bool Equals(TcpOptionSet other)
    {
        if (Mss != other.Mss || WindowScale != other.WindowScale || SackPermitted != other.SackPermitted
            || Timestamps != other.Timestamps || SackBlockCount != other.SackBlockCount
            || HasFastOpen != other.HasFastOpen) return false;
        for (var i = 0; i < SackBlockCount && i < TcpSackBlocks.MaxBlocks; i++)
            if (SackBlocks[i] != other.SackBlocks[i]) return false;
        if (!HasFastOpen) return true;
        if (FastOpenExperimental != other.FastOpenExperimental || FastOpenCookieLength != other.FastOpenCookieLength) return false;
        ReadOnlySpan<byte> mine = FastOpenCookie, theirs = other.FastOpenCookie;
        return mine[..FastOpenCookieLength].SequenceEqual(theirs[..FastOpenCookieLength]);
    }

    public override readonly bool Equals(object? obj) => obj is TcpOptionSet other && Equals(other);

    public override readonly int GetHashCode() =>
        HashCode.Combine(Mss, WindowScale, SackPermitted, Timestamps, SackBlockCount, HasFastOpen, FastOpenCookieLength);

    public static bool operator ==(TcpOptionSet left, TcpOptionSet right) => left.Equals(right);
    public static bool operator !=(TcpOptionSet left, TcpOptionSet right) => !left.Equals(right);

    public override readonly string ToString()
    {
        var text = new System.Text.StringBuilder("[");
        if (Mss is { } mss) text.Append("mss ").Append(mss).Append(',');
        if (SackPermitted) text.Append("sackOK,");
        if (Timestamps is { } ts) text.Append("TS val ").Append(ts.Value).Append(" ecr ").Append(ts.EchoReply).Append(',');
        if (WindowScale is { } ws) text.Append("wscale ").Append(ws).Append(',');
        for (var i = 0; i < SackBlockCount && i < TcpSackBlocks.MaxBlocks; i++)
            text.Append("sack ").Append(SackBlocks[i].Start).Append(':').Append(SackBlocks[i].End).Append(',');
        if (HasFastOpen) text.Append(FastOpenExperimental ? "tfo-exp " : "tfo ").Append(FastOpenCookieLength).Append(',');
        if (text.Length > 1) text.Length--;
        return text.Append(']').ToString();
    }
}
