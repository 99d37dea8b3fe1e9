using Akka.IO;

namespace Hashdance.Actors.Api;

/// <summary>
/// write(): queue <paramref name="Data"/> in the send buffer, as Akka.IO's <c>Tcp.Write</c>. Unless
/// <paramref name="Ack"/> is null or a <see cref="NoAck"/>, it is sent back to the writer once the last byte is in
/// the send buffer. One write at a time: a write that does not fit waits for space (sk_stream_write_space), and a
/// Write that arrives meanwhile is refused with <see cref="CommandFailed"/> (EAGAIN); with
/// <see cref="Register.UseResumeWriting"/> every later Write is refused too until <see cref="ResumeWriting"/>.
/// <paramref name="More"/> is send(MSG_MORE): more data follows soon, so the write's tail is neither marked PSH nor
/// sent while it is a partial segment (tcp_push with TCP_NAGLE_CORK). <paramref name="Eor"/> is send(MSG_EOR): the
/// write ends a record, so no later byte joins its last skb (and so none of its segments).
/// </summary>
public sealed record Write(ByteString Data, object? Ack = null, bool More = false, bool Eor = false) : TcpCommand
{
    /// <summary>Whether the writer asked to be told when the data is queued (Akka.IO's <c>WantsAck</c>).</summary>
    public bool WantsAck => Ack is not null and not NoAck;
}
