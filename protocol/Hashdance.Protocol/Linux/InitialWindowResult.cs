namespace Hashdance.Protocol.Linux;

/// <summary>
/// Our initial receive window for a connection: <see cref="ReceiveWindow"/> (<c>rsk_rcv_wnd</c> / <c>rcv_wnd</c>,
/// unscaled bytes, may exceed 65535 since early 2024), <see cref="WindowClamp"/> (<c>rsk_window_clamp</c>) and our
/// window scale <see cref="ReceiveWindowScale"/> (<c>rcv_wscale</c>, 0 when the peer did not offer WS).
/// </summary>
public readonly record struct InitialWindowResult(uint ReceiveWindow, uint WindowClamp, byte ReceiveWindowScale)
{
    /// <summary>The window field of the SYN-ACK: min(rsk_rcv_wnd, 65535), never scaled (RFC 7323 §2.2).</summary>
    public ushort SynAckWindow => (ushort)Math.Min(ReceiveWindow, ushort.MaxValue);
}
