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
}
