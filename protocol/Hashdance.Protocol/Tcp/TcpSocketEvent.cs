namespace Hashdance.Protocol.Tcp;

/// <summary>What a connection core tells its owner (the socket API); the shell turns these into Akka.IO-style events.</summary>
public enum TcpSocketEvent : byte
{
    /// <summary>The three-way handshake completed (ESTABLISHED).</summary>
    Established,
    /// <summary>In-order data is waiting in the receive queue.</summary>
    DataReadable,
    /// <summary>Send-buffer space became available after being exhausted.</summary>
    Writable,
    /// <summary>The peer's FIN arrived (read returns 0 after the queued data).</summary>
    PeerClosed,
    /// <summary>A RST closed the connection (ECONNRESET, or ECONNREFUSED in SYN_SENT).</summary>
    Reset,
    /// <summary>Retries ran out (ETIMEDOUT).</summary>
    TimedOut,
    /// <summary>An ICMP error aborted the connection (EHOSTUNREACH and friends).</summary>
    Unreachable,
    /// <summary>The connection is fully closed and the core holds no more state (tcp_done / TIME_WAIT handed off).</summary>
    Closed,
}
