namespace Hashdance.Actors.Api;

/// <summary>
/// Akka.IO's <c>Tcp.ResumeWriting</c> (the NACK model): after a <see cref="Write"/> was refused with
/// <see cref="CommandFailed"/> while an earlier write was still waiting for send-buffer space, every further Write is
/// refused until this command; it is answered with <see cref="WritingResumed"/> once the waiting write is wholly in
/// the send buffer (at once if it already is).
/// </summary>
public sealed record ResumeWriting : TcpCommand
{
    public static ResumeWriting Instance { get; } = new();
}
