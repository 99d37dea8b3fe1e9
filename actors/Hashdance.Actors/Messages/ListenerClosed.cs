namespace Hashdance.Actors.Messages;

/// <summary>
/// The listener closed with this child still un-accepted: inet_child_forget → tcp_disconnect, i.e. a RST where
/// tcp_need_reset says so, then the child is destroyed.
/// </summary>
public sealed record ListenerClosed
{
    public static ListenerClosed Instance { get; } = new();
}
