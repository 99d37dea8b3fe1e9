namespace Hashdance.Actors.Messages;

/// <summary>The ingress's one TIME_WAIT timer fired: expire the entries that are due (inet_twsk_kill).</summary>
public sealed record TimeWaitTick
{
    public static TimeWaitTick Instance { get; } = new();
}
