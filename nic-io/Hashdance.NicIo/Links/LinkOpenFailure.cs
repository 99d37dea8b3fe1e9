namespace Hashdance.NicIo;

/// <summary>Why a real link could not be opened; each maps to one thing the user can fix.</summary>
public enum LinkOpenFailure
{
    /// <summary>The interface (or /dev/net/tun) does not exist in this network namespace.</summary>
    DeviceMissing,

    /// <summary>Opening it needs root, or CAP_NET_ADMIN (TAP) / CAP_NET_RAW (pcap).</summary>
    PermissionDenied,

    /// <summary>libpcap is not installed (Debian: <c>apt-get install libpcap0.8</c>).</summary>
    LibraryMissing,

    /// <summary>Another process holds the device (a TAP without IFF_MULTI_QUEUE takes one fd).</summary>
    DeviceBusy,

    /// <summary>The device exists but is not what was asked for (a TUN where a TAP was wanted, or queue flags differ).</summary>
    WrongDeviceType,

    /// <summary>Any other error; the message carries the system's text.</summary>
    Other,
}
