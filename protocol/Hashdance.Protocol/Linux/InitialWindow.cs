using System.Numerics;
using Hashdance.Protocol.Config;

namespace Hashdance.Protocol.Linux;

/// <summary>
/// Linux's choice of the initial receive window, window clamp and window scale. Mirrors
/// <c>tcp_select_initial_window</c> (net/ipv4/tcp_output.c), <c>tcp_openreq_init_rwin</c>
/// (net/ipv4/tcp_minisocks.c), the window part of <c>cookie_v4_check</c> (net/ipv4/syncookies.c) and
/// <c>tcp_full_space</c> / <c>tcp_win_from_space</c> (include/net/tcp.h). Pure integer math, no allocation.
/// </summary>
public static class InitialWindow
{
    /// <summary>
    /// TCP_DEFAULT_SCALING_RATIO = 1 &lt;&lt; (TCP_RMEM_TO_WIN_SCALE − 1): half of the buffer is assumed to be payload.
    /// In force since v6.11 (commit 697a6c8cec03); v6.6–v6.10 used 1200/SKB_TRUESIZE(4096) ≈ 65/256.
    /// </summary>
    public const int DefaultScalingRatio = 128;

    /// <summary>TCP_RMEM_TO_WIN_SCALE: scaling_ratio is in 1/256 units.</summary>
    public const int RmemToWinScale = 8;

    /// <summary>TCP_MAX_WSCALE (RFC 7323 §2.3).</summary>
    public const int MaxWindowScale = 14;

    /// <summary>MAX_TCP_WINDOW: the cap when tcp_workaround_signed_windows is set.</summary>
    public const uint MaxSignedWindow = 32767;

    /// <summary>TCPOLEN_TSTAMP_ALIGNED: bytes the timestamp option takes from every segment.</summary>
    public const int TimestampOptionLength = 12;

    /// <summary>SOCK_MIN_RCVBUF on x86-64: 2 × (2048 + SKB_DATA_ALIGN(sizeof(struct sk_buff))) = 4608.</summary>
    public const int MinReceiveBuffer = 4608;

    /// <summary>Mirrors <c>tcp_win_from_space</c>: the part of a buffer advertised as window.</summary>
    public static int WindowFromSpace(int space, int scalingRatio = DefaultScalingRatio) =>
        (int)(((long)space * scalingRatio) >> RmemToWinScale);

    /// <summary>Mirrors <c>tcp_full_space</c> for a socket whose sk_rcvbuf is <paramref name="receiveBuffer"/>.</summary>
    public static int FullSpace(int receiveBuffer, int scalingRatio = DefaultScalingRatio) =>
        WindowFromSpace(receiveBuffer, scalingRatio);

    /// <summary>
    /// sk_rcvbuf after setsockopt(SO_RCVBUF, <paramref name="requested"/>) (<c>__sock_set_rcvbuf</c>): the request is
    /// capped by rmem_max, doubled for overhead and floored at SOCK_MIN_RCVBUF; the buffer is then "locked".
    /// </summary>
    public static int ReceiveBufferFromSockopt(int requested, TcpSysctls sysctls)
    {
        var value = (int)Math.Min((uint)Math.Max(requested, 0), (uint)sysctls.RmemMax);
        value = Math.Min(value, int.MaxValue / 2);
        return Math.Max(value * 2, MinReceiveBuffer);
    }

    /// <summary>
    /// Mirrors <c>tcp_select_initial_window(sk, space, mss, ..., wscale_ok, ..., init_rcv_wnd)</c>.
    /// </summary>
    /// <param name="space">Buffer space to offer (usually <c>tcp_full_space</c>); negative counts as 0.</param>
    /// <param name="mss">Effective MSS (our advertised MSS minus the timestamp option when TS is on); ≥ 1.</param>
    /// <param name="windowClamp">The clamp so far; 0 = none (then 65535 &lt;&lt; 14).</param>
    /// <param name="windowScaleOk">The peer offered window scaling.</param>
    /// <param name="initialReceiveWindow">Route <c>initrwnd</c> in segments, 0 = none.</param>
    public static InitialWindowResult Select(
        int space, uint mss, uint windowClamp, bool windowScaleOk, uint initialReceiveWindow, TcpSysctls sysctls)
    {
        if (mss == 0)
            throw new ArgumentOutOfRangeException(nameof(mss), "the MSS must be at least 1");
        var offered = (uint)Math.Max(space, 0);
        if (windowClamp == 0)
            windowClamp = (uint)ushort.MaxValue << MaxWindowScale;
        offered = Math.Min(windowClamp, offered);

        // An initial window that is a whole number of segments avoids a tiny trailing segment.
        if (offered > mss)
            offered -= offered % mss;

        var receiveWindow = sysctls.TcpWorkaroundSignedWindows != 0 ? Math.Min(offered, MaxSignedWindow) : offered;
        if (initialReceiveWindow != 0)
            receiveWindow = (uint)Math.Min(receiveWindow, (ulong)initialReceiveWindow * mss);

        byte wscale = 0;
        if (windowScaleOk)
        {
            // Scale for the largest window this socket could ever offer, not the initial one.
            var largest = Math.Max(offered, (uint)Math.Max(sysctls.TcpRmem.Max, 0));
            largest = Math.Max(largest, (uint)Math.Max(sysctls.RmemMax, 0));
            largest = Math.Min(largest, windowClamp);
            var log2 = largest == 0 ? 0 : BitOperations.Log2(largest);
            wscale = (byte)Math.Clamp(log2 - 15, 0, MaxWindowScale);
        }
        var clamp = (uint)Math.Min((ulong)ushort.MaxValue << wscale, windowClamp);
        return new InitialWindowResult(receiveWindow, clamp, wscale);
    }

    /// <summary>
    /// Mirrors <c>tcp_openreq_init_rwin</c>: the window, clamp and wscale of a request sock (and so of the SYN-ACK).
    /// Also serves the recomputation in <c>cookie_v4_check</c> when a SYN-cookie ACK is accepted: pass the cookie's
    /// table MSS as <paramref name="advertisedMss"/> and <paramref name="timestamps"/> = false, because that path
    /// hands the MSS to tcp_select_initial_window without the timestamp deduction.
    /// </summary>
    /// <param name="advertisedMss">Our MSS as advertised in the SYN-ACK (<c>tcp_mss_clamp(listener, advmss)</c>).</param>
    /// <param name="timestamps">Timestamps are negotiated (they cost 12 bytes of every segment).</param>
    /// <param name="peerWindowScale">The SYN carried a window scale option (and tcp_window_scaling is on).</param>
    /// <param name="listenerReceiveBuffer">The listener's sk_rcvbuf (tcp_rmem[1] unless SO_RCVBUF was set).</param>
    /// <param name="receiveBufferLocked">SO_RCVBUF was set on the listener (SOCK_RCVBUF_LOCK).</param>
    /// <param name="listenerWindowClamp">The listener's window_clamp (TCP_WINDOW_CLAMP), 0 = none.</param>
    /// <param name="routeWindow">Route metric RTAX_WINDOW, 0 = none.</param>
    /// <param name="routeInitialReceiveWindow">Route metric RTAX_INITRWND (segments), 0 = none.</param>
    public static InitialWindowResult ForRequest(
        int advertisedMss,
        bool timestamps,
        bool peerWindowScale,
        int listenerReceiveBuffer,
        bool receiveBufferLocked,
        uint listenerWindowClamp,
        TcpSysctls sysctls,
        uint routeWindow = 0,
        uint routeInitialReceiveWindow = 0)
    {
        var fullSpace = FullSpace(listenerReceiveBuffer);
        var clamp = listenerWindowClamp != 0 ? listenerWindowClamp : routeWindow;
        // "Limit the window selection if the user enforces a smaller rx buffer."
        if (receiveBufferLocked && (clamp > (uint)fullSpace || clamp == 0))
            clamp = (uint)fullSpace;
        var mss = advertisedMss - (timestamps ? TimestampOptionLength : 0);
        return Select(fullSpace, (uint)Math.Max(mss, 1), clamp, peerWindowScale, routeInitialReceiveWindow, sysctls);
    }
}
