namespace Hashdance.Actors.Apps;

/// <summary>What <c>hashdance serve</c> runs on each accepted connection.</summary>
public enum ServeApp
{
    /// <summary>Sends back every byte it receives (RFC 862); closes after the peer's FIN.</summary>
    Echo,

    /// <summary>Answers every GET with a small HTTP/1.1 200 (keep-alive unless asked to close).</summary>
    Http,

    /// <summary>Reads and drops everything (RFC 863); closes after the peer's FIN.</summary>
    Discard,
}
