using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Packetdrill.Sockets;

/// <summary>
/// The state behind one script file descriptor: the Linux socket as the application sees it. The stack delivers
/// received bytes as soon as they arrive, so the receive queue lives here (what read() and SIOCINQ see); so do the
/// pending socket error (sk_err, reported once), EOF, and the local shutdown flags.
/// </summary>
public sealed class PosixSocket(int fd, bool nonBlocking)
{
    public int Fd { get; set; } = fd;
    public SocketRole Role { get; set; } = SocketRole.Fresh;
    public bool NonBlocking { get; set; } = nonBlocking;
    public SocketOptions Options { get; set; } = SocketOptions.Default;
    public bool Bound { get; set; }

    /// <summary>SO_LINGER {1, 0}: close() resets the connection.</summary>
    public bool LingerAbort { get; set; }

    /// <summary>The connection's TCP_INFO as accept() found it (reported, in CLOSE, after the connection is gone).</summary>
    public SocketInfo? LastInfo { get; set; }

    /// <summary>The inbox actor this socket's commands are sent from.</summary>
    public IActorRef Inbox { get; set; } = ActorRefs.Nobody;

    /// <summary>The listener actor (Listening) or the connection actor (Connected).</summary>
    public IActorRef? Actor { get; set; }

    /// <summary>Children handed over by the listener and not yet returned by accept().</summary>
    public Queue<(Connected Event, IActorRef Child)> AcceptReady { get; } = new();

    /// <summary>Bytes received and not yet read (payload is all zeros, so a count is enough).</summary>
    public long Unread { get; set; }

    /// <summary>The peer's FIN arrived (read returns 0 once the queue is empty).</summary>
    public bool PeerClosed { get; set; }

    /// <summary>The connection actor has stopped (reset, timeout, closed, aborted).</summary>
    public bool Finished { get; set; }

    /// <summary>sk_err: reported by the next read/write, then cleared.</summary>
    public string? PendingError { get; set; }

    /// <summary>The connection's state just before its actor stopped (TCP_CLOSE once finished).</summary>
    public TcpState? LastState { get; set; }

    public bool ShutdownRead { get; set; }
    public bool ShutdownWrite { get; set; }

    /// <summary>Replies to the last command, as the inbox received them.</summary>
    public List<object> Replies { get; } = [];

    /// <summary>The byte count of a blocking write still waiting for send-buffer space.</summary>
    public long? BlockedWrite { get; set; }

    /// <summary>connect() failed with this errno (a blocking connect reports it).</summary>
    public string? ConnectError { get; set; }
}
