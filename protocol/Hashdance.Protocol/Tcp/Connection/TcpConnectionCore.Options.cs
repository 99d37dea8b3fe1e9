namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>The socket options in force (setsockopt on a connected socket replaces them).</summary>
    public SocketOptions Options => _settings.Options;

    /// <summary>
    /// setsockopt on a live socket. Options read when they are needed — SO_LINGER and TCP_LINGER2 at close(),
    /// TCP_NODELAY on the next send — take effect from now on; those Linux fixes at connection set-up (TCP_MAXSEG,
    /// buffer sizes) keep their current effect, as they do there after the handshake.
    /// </summary>
    public void SetOptions(SocketOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _settings = _settings with { Options = options };
    }

    /// <summary>
    /// <see cref="SetOptions(SocketOptions)"/> for a socket whose timers run: SO_KEEPALIVE and TCP_KEEPIDLE start,
    /// stop or re-time the keepalive timer as tcp_set_keepalive and tcp_sock_set_keepidle_locked do; turning
    /// TCP_NODELAY on or pulling TCP_CORK pushes what waits (tcp_push_pending_frames in __tcp_sock_set_nodelay and
    /// __tcp_sock_set_cork).
    /// </summary>
    /// <param name="nagleWritten">TCP_NODELAY was just set to 1 or TCP_CORK to 0, changed or not: Linux pushes on each.</param>
    public void SetOptions(SocketOptions options, long nowMicros, ITcpOutput output, bool nagleWritten = false)
    {
        var old = _settings.Options;
        SetOptions(options);
        if (options.SendBuffer is int sendBuffer && sendBuffer != old.SendBuffer) SetSendBuffer(sendBuffer, output);
        KeepaliveOptionsChanged(old, nowMicros, output);
        // __tcp_sock_set_nodelay sets TCP_NAGLE_OFF|TCP_NAGLE_PUSH, __tcp_sock_set_cork(false) sets TCP_NAGLE_PUSH when
        // TCP_NODELAY is on: what waits goes even past a cork, until the next skb is queued (tcp_skb_entail).
        var nodelayOn = options.NoDelay && (!old.NoDelay || nagleWritten);
        var corkPulled = !options.Cork && (old.Cork || nagleWritten);
        if (nodelayOn || (corkPulled && options.NoDelay)) _naglePush = true;
        if ((nodelayOn || corkPulled) && _state is TcpState.Established or TcpState.CloseWait)
            PushPendingFrames(nowMicros, output);
    }

    /// <summary>
    /// Mirrors __sock_set_sndbuf (net/core/sock.c) for SO_SNDBUF on a live socket: twice the value (at most
    /// wmem_max), at least SOCK_MIN_SNDBUF, locked against tcp_sndbuf_expand, then sk_write_space: a blocked writer
    /// is woken if the new limit leaves room.
    /// </summary>
    private void SetSendBuffer(int value, ITcpOutput output)
    {
        _sndBuf = SendBufferFromSockopt(value, _settings.Sysctls);
        _sndBufLocked = true;
        _sendQueue.Limit = _sndBuf;
        if (_writeBlocked && _sendQueue.Free > 0 && _state is TcpState.Established or TcpState.CloseWait)
        {
            _writeBlocked = false;
            output.Notify(TcpSocketEvent.Writable);
        }
    }
}
