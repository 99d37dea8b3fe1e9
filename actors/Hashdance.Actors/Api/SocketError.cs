namespace Hashdance.Actors.Api;

/// <summary>The errno a Linux socket call would have returned.</summary>
public enum SocketError
{
    None = 0,
    /// <summary>EADDRINUSE: the address is already bound.</summary>
    AddressInUse,
    /// <summary>EADDRNOTAVAIL: not one of the stack's addresses, or no ephemeral port left.</summary>
    AddressNotAvailable,
    /// <summary>ECONNREFUSED: the peer answered the SYN with a RST.</summary>
    ConnectionRefused,
    /// <summary>ECONNRESET.</summary>
    ConnectionReset,
    /// <summary>ETIMEDOUT: SYN retries (tcp_syn_retries) or data retries ran out.</summary>
    TimedOut,
    /// <summary>EHOSTUNREACH / ENETUNREACH from an ICMP error.</summary>
    HostUnreachable,
    /// <summary>EINVAL: the command does not fit the socket's state.</summary>
    InvalidArgument,
    /// <summary>EPIPE.</summary>
    BrokenPipe,
    /// <summary>EAGAIN.</summary>
    WouldBlock,

    /// <summary>ENOTCONN: shutdown() on a connection that is not open.</summary>
    NotConnected,
}
