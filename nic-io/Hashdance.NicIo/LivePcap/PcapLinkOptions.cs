using Hashdance.Protocol.Wire;

namespace Hashdance.NicIo;

/// <summary>How to open a <see cref="PcapLink"/>.</summary>
public sealed record PcapLinkOptions
{
    /// <summary>
    /// The stack's hardware address on the interface; null uses the interface's own MAC (no promiscuous mode needed).
    /// Either way the kernel must not own the stack's IP address on that interface, or it answers the peer too.
    /// </summary>
    public MacAddress? Mac { get; init; }

    /// <summary>The kernel capture buffer (pcap_set_buffer_size); 32 MiB kept SharpPcap's per-packet cost from dropping.</summary>
    public int BufferBytes { get; init; } = 32 << 20;

    /// <summary>How long the capture thread waits for a frame before looking whether it should stop.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
