namespace Hashdance.Actors.Api;

/// <summary>The answer to <see cref="ResumeWriting"/>: writes are accepted again; resend the refused ones.</summary>
public sealed record WritingResumed : TcpEvent
{
    public static WritingResumed Instance { get; } = new();
}
