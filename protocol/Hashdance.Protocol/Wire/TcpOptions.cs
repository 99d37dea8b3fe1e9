using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>
/// The result of parsing a TCP options area. Mirrors <c>struct tcp_options_received</c> (include/linux/tcp.h)
/// plus the <c>struct tcp_fastopen_cookie</c> filled by tcp_parse_options (net/ipv4/tcp_input.c). Fixed size,
/// no references: parsing allocates nothing.
/// </summary>
public struct TcpOptions
{
    /// <summary>Raw MSS value from a SYN (0 = none or ignored). The user_mss (TCP_MAXSEG) clamp is the caller's.</summary>
    public ushort Mss;

    /// <summary><c>wscale_ok</c>: a valid window-scale option was accepted.</summary>
    public bool WindowScaleOk;

    /// <summary><c>snd_wscale</c>: the peer's shift, clamped to 14 (TCP_MAX_WSCALE).</summary>
    public byte WindowScale;

    /// <summary>The peer sent a shift above 14 and it was clamped (the kernel logs "Illegal window scaling value").</summary>
    public bool WindowScaleClamped;

    /// <summary><c>sack_ok</c> was set by a SACK-permitted option in this SYN.</summary>
    public bool SackPermitted;

    /// <summary><c>saw_tstamp</c>, <c>rcv_tsval</c>, <c>rcv_tsecr</c>.</summary>
    public bool SawTimestamp;
    public uint TsVal;
    public uint TsEcr;

    /// <summary>SACK blocks of the last acceptable SACK option (the kernel records its offset in
    /// TCP_SKB_CB(skb)->sacked and reads the blocks later in tcp_sacktag_write_queue).</summary>
    public int SackBlockCount;
    public TcpSackBlocks SackBlocks;

    /// <summary>A Fast Open option with an even length was seen on a SYN (foc->len was written).</summary>
    public bool SawFastOpen;

    /// <summary>foc->len: 0 = cookie request, 4..16 = cookie, −1 = invalid length. Meaningful when
    /// <see cref="SawFastOpen"/>.</summary>
    public int FastOpenCookieLength;

    /// <summary>foc->exp: the cookie came in the experimental kind 254 / magic 0xF989 form.</summary>
    public bool FastOpenExperimental;

    public TcpFastOpenCookie FastOpenCookie;

    /// <summary>An MD5 signature option (kind 19) is present; it is verified elsewhere (tcp_inbound_hash).</summary>
    public bool SawMd5;

    /// <summary>A TCP-AO option (kind 29) is present; verified elsewhere.</summary>
    public bool SawAo;

    /// <summary><c>accecn</c>: offset of the AccECN option within the options area, −1 if none.</summary>
    public int AccEcnOffset;

    /// <summary><c>saw_unknown</c>: an option of an unknown kind (or an unknown experimental option).</summary>
    public bool SawUnknown;

    /// <summary>Why the walk over the options ended (malformed input keeps what was parsed before it).</summary>
    public TcpOptionReaderStatus Status;

    /// <summary>
    /// Mirrors tcp_parse_options: EOL ends; NOP skips; a length below 2 or beyond the area stops parsing, keeping
    /// what was parsed. Known options with a wrong length are ignored. MSS, WS and SACK-permitted count only on a
    /// SYN in the non-established parse; WS and SACK-permitted also need their sysctls; timestamps need the
    /// sysctl (non-established) or the connection's tstamp_ok (established).
    /// </summary>
    /// <remarks>Returns the ~90-byte struct by value; hot paths use the <c>out</c> overload, which writes the
    /// result in place instead of copying it out of a stack temporary.</remarks>
    public static TcpOptions Parse(ReadOnlySpan<byte> options, bool isSyn, in TcpParseSettings settings)
    {
        Parse(options, isSyn, settings, out var result);
        return result;
    }

    /// <summary>
    /// <see cref="Parse(ReadOnlySpan{byte}, bool, in TcpParseSettings)"/> writing into <paramref name="result"/>.
    /// The option layouts Linux itself sends are recognised by whole 32-bit words first (as tcp_fast_parse_options
    /// does for the aligned timestamp with tcp_parse_aligned_timestamp); anything else takes the general walk.
    /// Both give identical results.
    /// </summary>
    public static void Parse(ReadOnlySpan<byte> options, bool isSyn, in TcpParseSettings settings, out TcpOptions result)
    {
        Initialize(out result);
        if (!TryParseLinuxLayout(options, isSyn, settings, ref result)) Walk(options, isSyn, settings, ref result);
    }

    /// <summary>The general option walk alone, without the layout fast path (the reference the fast path is
    /// tested against).</summary>
    internal static void ParseByWalk(ReadOnlySpan<byte> options, bool isSyn, in TcpParseSettings settings, out TcpOptions result)
    {
        Initialize(out result);
        Walk(options, isSyn, settings, ref result);
    }

    /// <summary>No options, NOP NOP TS (what tcp_established_options writes with timestamps on) or
    /// MSS | SACK-perm TS | TSval | TSecr | NOP WS (tcp_syn_options / tcp_synack_options with everything on).
    /// Leaves <paramref name="result"/> untouched and returns false for any other layout.</summary>
    internal static bool TryParseLinuxLayout(ReadOnlySpan<byte> options, bool isSyn, in TcpParseSettings settings, ref TcpOptions result)
    {
        switch (options.Length)
        {
            case 0:
                break;
            case AlignedTimestampLength:
                if (BinaryPrimitives.ReadUInt32BigEndian(options) != NopNopTimestampWord) return false;
                ReadTimestamp(options[4..], settings, ref result);
                break;
            case LinuxSynLength:
                var mssWord = BinaryPrimitives.ReadUInt32BigEndian(options);
                var windowScaleWord = BinaryPrimitives.ReadUInt32BigEndian(options[16..]);
                if ((mssWord & 0xFFFF_0000) != MssWordPrefix
                    || BinaryPrimitives.ReadUInt32BigEndian(options[4..]) != SackPermittedTimestampWord
                    || (windowScaleWord & 0xFFFF_FF00) != NopWindowScaleWordPrefix) return false;
                if (isSyn && !settings.Established)
                {
                    result.Mss = (ushort)mssWord;
                    result.SackPermitted = settings.Sack;
                    if (settings.WindowScaling) AcceptWindowScale((byte)windowScaleWord, ref result);
                }
                ReadTimestamp(options[8..], settings, ref result);
                break;
            default:
                return false;
        }
        result.Status = TcpOptionReaderStatus.Complete;
        return true;
    }

    private const int AlignedTimestampLength = 12;
    private const int LinuxSynLength = 20;

    /// <summary>TCPOPT_NOP, TCPOPT_NOP, TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP: the word tcp_parse_aligned_timestamp matches.</summary>
    private const uint NopNopTimestampWord = 0x0101_080A;

    /// <summary>TCPOPT_SACK_PERM, TCPOLEN_SACK_PERM, TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP.</summary>
    private const uint SackPermittedTimestampWord = 0x0402_080A;

    /// <summary>TCPOPT_MSS, TCPOLEN_MSS, then the 16-bit value.</summary>
    private const uint MssWordPrefix = 0x0204_0000;

    /// <summary>TCPOPT_NOP, TCPOPT_WINDOW, TCPOLEN_WINDOW, then the shift.</summary>
    private const uint NopWindowScaleWordPrefix = 0x0103_0300;

    private static void Initialize(out TcpOptions result)
    {
        result = default;
        result.AccEcnOffset = -1;
        result.FastOpenCookieLength = -1;
    }

    private static void Walk(ReadOnlySpan<byte> options, bool isSyn, in TcpParseSettings settings, ref TcpOptions result)
    {
        var sackOk = settings.SackOk;
        var synParse = isSyn && !settings.Established;
        var reader = new TcpOptionReader(options);
        while (reader.MoveNext())
        {
            var option = reader.Current;
            var data = option.Data;
            switch (option.Kind)
            {
                case TcpOptionKind.Eol:
                case TcpOptionKind.Nop:
                    break;
                case TcpOptionKind.Mss:
                    if (option.Length == 4 && synParse)
                    {
                        var mss = BinaryPrimitives.ReadUInt16BigEndian(data);
                        if (mss != 0) result.Mss = mss;
                    }
                    break;
                case TcpOptionKind.WindowScale:
                    if (option.Length == 3 && synParse && settings.WindowScaling) AcceptWindowScale(data[0], ref result);
                    break;
                case TcpOptionKind.Timestamp:
                    if (option.Length == 10) ReadTimestamp(data, settings, ref result);
                    break;
                case TcpOptionKind.SackPermitted:
                    if (option.Length == 2 && synParse && settings.Sack)
                    {
                        result.SackPermitted = true;
                        sackOk = true;
                    }
                    break;
                case TcpOptionKind.Sack:
                    if (option.Length >= 10 && (option.Length - 2) % 8 == 0 && sackOk) result.ReadSackBlocks(data);
                    break;
                case TcpOptionKind.Md5:
                    result.SawMd5 = true;
                    break;
                case TcpOptionKind.Ao:
                    result.SawAo = true;
                    break;
                case TcpOptionKind.FastOpen:
                    result.ReadFastOpen(data, isSyn, settings.FastOpen, experimental: false);
                    break;
                case TcpOptionKind.AccEcn0:
                case TcpOptionKind.AccEcn1:
                    result.AccEcnOffset = option.Offset;
                    break;
                case TcpOptionKind.Experimental:
                    // Kind 254 is shared; Fast Open is recognised by its 16-bit magic (RFC 7413 §4.1.1, RFC 6994).
                    if (option.Length >= 4 && BinaryPrimitives.ReadUInt16BigEndian(data) == FastOpenMagic)
                        result.ReadFastOpen(data[2..], isSyn, settings.FastOpen, experimental: true);
                    else
                        result.SawUnknown = true;
                    break;
                default:
                    result.SawUnknown = true;
                    break;
            }
        }
        result.Status = reader.Status;
    }

    /// <summary>The wscale branch of tcp_parse_options: shifts above TCP_MAX_WSCALE are clamped (and logged).</summary>
    private static void AcceptWindowScale(byte shift, ref TcpOptions result)
    {
        result.WindowScaleOk = true;
        result.WindowScaleClamped = shift > MaxWindowScale;
        result.WindowScale = Math.Min(shift, MaxWindowScale);
    }

    /// <summary>The TCPOPT_TIMESTAMP branch of tcp_parse_options: the sysctl gates it in the non-established parse,
    /// the connection's tstamp_ok in the established one.</summary>
    private static void ReadTimestamp(ReadOnlySpan<byte> data, in TcpParseSettings settings, ref TcpOptions result)
    {
        if (!(settings.Established ? settings.TimestampsOk : settings.Timestamps)) return;
        result.SawTimestamp = true;
        result.TsVal = BinaryPrimitives.ReadUInt32BigEndian(data);
        result.TsEcr = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
    }

    /// <summary>TCP_MAX_WSCALE (RFC 7323 §2.3).</summary>
    public const byte MaxWindowScale = 14;

    /// <summary>TCPOPT_FASTOPEN_MAGIC.</summary>
    public const ushort FastOpenMagic = 0xF989;

    /// <summary>The fast-open cookie bytes (empty for a cookie request or when none was accepted).</summary>
    public readonly int CopyFastOpenCookie(Span<byte> destination)
    {
        if (!SawFastOpen || FastOpenCookieLength <= 0) return 0;
        ReadOnlySpan<byte> cookie = FastOpenCookie;
        cookie[..FastOpenCookieLength].CopyTo(destination);
        return FastOpenCookieLength;
    }

    /// <summary>What these options would look like if written back (for round-trip tests and SYN inspection).</summary>
    public readonly TcpOptionSet ToOptionSet()
    {
        ToOptionSet(out var set);
        return set;
    }

    /// <summary><see cref="ToOptionSet()"/> writing into <paramref name="set"/> (no copy of the ~90-byte set out
    /// of a stack temporary).</summary>
    public readonly void ToOptionSet(out TcpOptionSet set)
    {
        set = default;
        if (Mss != 0) set.Mss = Mss;
        if (WindowScaleOk) set.WindowScale = WindowScale;
        set.SackPermitted = SackPermitted;
        if (SawTimestamp) set.Timestamps = new TcpTimestamps(TsVal, TsEcr);
        set.SackBlockCount = SackBlockCount;
        set.SackBlocks = SackBlocks;
        if (SawFastOpen && FastOpenCookieLength >= 0)
        {
            ReadOnlySpan<byte> cookie = FastOpenCookie;
            set.SetFastOpenCookie(cookie[..FastOpenCookieLength], FastOpenExperimental);
        }
    }

    private void ReadSackBlocks(ReadOnlySpan<byte> data)
    {
        var count = Math.Min(data.Length / 8, TcpSackBlocks.MaxBlocks);
        for (var i = 0; i < count; i++)
        {
            SackBlocks[i] = new TcpSackBlock(
                new SeqNum(BinaryPrimitives.ReadUInt32BigEndian(data[(i * 8)..])),
                new SeqNum(BinaryPrimitives.ReadUInt32BigEndian(data[(i * 8 + 4)..])));
        }
        SackBlockCount = count;
    }

    /// <summary>Mirrors tcp_parse_fastopen_option: only on a SYN with an even cookie length; a length outside
    /// 4..16 (other than 0) records −1.</summary>
    private void ReadFastOpen(ReadOnlySpan<byte> cookie, bool isSyn, bool wanted, bool experimental)
    {
        if (!wanted || !isSyn || (cookie.Length & 1) != 0) return;
        var length = cookie.Length;
        if (length is >= TcpFastOpenCookie.MinLength and <= TcpFastOpenCookie.MaxLength)
            cookie.CopyTo(FastOpenCookie);
        else if (length != 0)
            length = -1;
        SawFastOpen = true;
        FastOpenCookieLength = length;
        FastOpenExperimental = experimental;
    }
}
