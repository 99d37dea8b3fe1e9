namespace Hashdance.Protocol.Tcp;

/// <summary>
/// shutdown()'s <c>how</c>, as inet_shutdown turns it into sk_shutdown bits (SHUT_RD → RCV_SHUTDOWN, SHUT_WR →
/// SEND_SHUTDOWN, SHUT_RDWR → both): the values are those bits.
/// </summary>
[Flags]
public enum ShutdownHow : byte
{
    /// <summary>SHUT_RD: reads return 0 once the queue is empty; what arrives is still queued (ESTABLISHED).</summary>
    Read = 1,
    /// <summary>SHUT_WR: our FIN after the queued data; the socket stays readable.</summary>
    Write = 2,
    /// <summary>SHUT_RDWR.</summary>
    ReadWrite = Read | Write,
}
