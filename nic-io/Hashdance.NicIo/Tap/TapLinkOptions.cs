using Hashdance.Protocol.Wire;

namespace Hashdance.NicIo;

/// <summary>How to open a <see cref="TapLink"/>.</summary>
public sealed record TapLinkOptions
{
    /// <summary>The stack's own hardware address behind the TAP (the kernel side keeps the device's MAC).</summary>
    public required MacAddress Mac { get; init; }

    /// <summary>
    /// Queues to attach (IFF_MULTI_QUEUE when above 1; the device must have been created with <c>multi_queue</c>).
    /// The kernel spreads flows over the queues by its flow hash (tun_automq_select_queue); each queue gets its own
    /// receive thread.
    /// </summary>
    public int Queues { get; init; } = 1;

    /// <summary>
    /// The device's txqueuelen to set (SIOCSIFTXQLEN), or 0 to leave it. The kernel→stack direction queues frames
    /// there; the default 1000 dropped 1–12 % at full rate on this machine, 10000 none.
    /// </summary>
    public int TxQueueLength { get; init; } = 10_000;
}
