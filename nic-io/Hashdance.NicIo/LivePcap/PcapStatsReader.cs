using System.Reflection;
using System.Runtime.InteropServices;

namespace Hashdance.NicIo;

/// <summary>
/// Calls libpcap's <c>pcap_stats</c> directly. SharpPcap 6.3.1 reads <c>struct pcap_stat</c> with pointer-sized
/// fields, so on 64-bit Linux its DroppedPackets is really ps_ifdrop and the real drops are hidden; the struct is
/// three 32-bit counters (pcap/pcap.h).
/// </summary>
internal static unsafe class PcapStatsReader
{
    /// <summary>The sonames SharpPcap's own resolver tries; Debian's libpcap0.8 provides the first.</summary>
    public static readonly string[] LibraryNames = ["libpcap.so.0.8", "libpcap.so.1", "libpcap.so.0", "libpcap.so"];

    private static readonly Lazy<nint> PcapStats = new(() =>
    {
        foreach (var name in LibraryNames)
        {
            if (NativeLibrary.TryLoad(name, out var library) && NativeLibrary.TryGetExport(library, "pcap_stats", out var export)) return export;
        }
        return 0;
    });

    [StructLayout(LayoutKind.Sequential)]
    private struct PcapStat
    {
        public uint Received;
        public uint Dropped;
        public uint InterfaceDropped;
    }

    /// <summary>True when some libpcap soname loads.</summary>
    public static bool LibraryPresent => PcapStats.Value != 0;

    /// <summary>(ps_recv, ps_drop, ps_ifdrop) of an open SharpPcap device, or null when it cannot be read.</summary>
    public static (uint Received, uint Dropped, uint InterfaceDropped)? Read(object device)
    {
        var function = PcapStats.Value;
        if (function == 0) return null;
        var handleProperty = device.GetType().GetProperty("Handle", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);
        if (handleProperty?.GetValue(device) is not SafeHandle handle || handle.IsInvalid || handle.IsClosed) return null;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            PcapStat stat;
            var rc = ((delegate* unmanaged<nint, PcapStat*, int>)function)(handle.DangerousGetHandle(), &stat);
            return rc == 0 ? (stat.Received, stat.Dropped, stat.InterfaceDropped) : null;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }
}
