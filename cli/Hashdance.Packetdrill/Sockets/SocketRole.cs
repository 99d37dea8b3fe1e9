namespace Hashdance.Packetdrill.Sockets;

/// <summary>What a script file descriptor currently is.</summary>
public enum SocketRole
{
    /// <summary>socket() done; options may be set, then bind/listen or connect.</summary>
    Fresh,
    Listening,

    /// <summary>connect() issued, waiting for the handshake.</summary>
    Connecting,

    /// <summary>An accepted or connected TCP connection (its actor may since have stopped).</summary>
    Connected,
}
