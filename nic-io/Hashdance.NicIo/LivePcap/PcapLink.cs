using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;
using SharpPcap;
using SharpPcap.LibPcap;

namespace Hashdance.NicIo;

/// <summary>
/// A link on an existing interface through libpcap (SharpPcap): frames for the stack's MAC (and broadcasts) are
/// captured, frames are sent with pcap_inject. For an interface the kernel also uses, such as one end of a veth.
/// </summary>
/// <remarks>
/// Immediate mode, so a frame is delivered at once rather than when a 1 s buffer timeout expires; a BPF filter so the
/// kernel hands user space only frames addressed to the stack, and not the stack's own transmissions (libpcap sees
/// outgoing frames too); a dedicated background capture thread looping on GetNextPacket, because SharpPcap's
/// StartCapture parks a thread-pool thread in poll for the capture's lifetime. The kernel must not own the stack's IP
/// address on this interface: it would answer ARP and SYNs itself (with RSTs). On a veth the kernel's end must not
/// offload checksums (<c>ethtool -K PEER tx off</c>), or captured frames carry unfinished TCP checksums. Open it from a
/// process inside the interface's namespace (<c>ip netns exec</c>): libpcap lists devices from /sys, which setns(2)
/// on one thread does not remount.
/// </remarks>
public sealed class PcapLink : ILink
{
    private readonly LibPcapLiveDevice _device;
    private readonly IClock _clock;
    private readonly object _sendLock = new();
    private Thread? _reader;
    private IFrameSink? _sink;
    private int _disposed;
    private long _received;
    private long _sent;
    private long _sendErrors;
    private long _sinkFaults;

    private PcapLink(LinkInfo info, LibPcapLiveDevice device, IClock clock)
    {
        Info = info;
        _device = device;
        _clock = clock;
    }

    public LinkInfo Info { get; }

    public long FramesReceived => Interlocked.Read(ref _received);

    public long FramesSent => Interlocked.Read(ref _sent);

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long SinkFaults => Interlocked.Read(ref _sinkFaults);

    /// <summary>libpcap's own counters (ps_recv, ps_drop, ps_ifdrop) read with pcap_stats; null if unavailable.</summary>
    public (uint Received, uint Dropped, uint InterfaceDropped)? CaptureStatistics =>
        Volatile.Read(ref _disposed) != 0 ? null : PcapStatsReader.Read(_device);

    /// <summary>Opens interface <paramref name="name"/> of this network namespace.</summary>
    /// <exception cref="LinkOpenException">libpcap is missing, the interface is missing, or permission is lacking.</exception>
    public static PcapLink Open(string name, PcapLinkOptions options, IClock clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        if (!PcapStatsReader.LibraryPresent)
            throw new LinkOpenException(LinkOpenFailure.LibraryMissing, "libpcap is not installed (Debian/Ubuntu: apt-get install libpcap0.8)");
        LibPcapLiveDevice? device = null;
        try
        {
            foreach (var candidate in LibPcapLiveDeviceList.New())
            {
                if (candidate.Name == name) device = candidate;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or PcapException)
        {
            throw new LinkOpenException(LinkOpenFailure.LibraryMissing, $"libpcap could not list interfaces: {e.Message}", e);
        }
        if (device is null)
            throw new LinkOpenException(LinkOpenFailure.DeviceMissing, $"no interface '{name}' in this network namespace");
        var interfaceMac = ReadInterfaceMac(name);
        var mac = options.Mac ?? interfaceMac ?? throw new LinkOpenException(LinkOpenFailure.WrongDeviceType, $"'{name}' has no Ethernet address; give the stack one");
        try
        {
            device.Open(new DeviceConfiguration
            {
                Mode = mac == interfaceMac ? DeviceModes.None : DeviceModes.Promiscuous,
                Immediate = true,
                ReadTimeout = (int)options.PollInterval.TotalMilliseconds,
                BufferSize = options.BufferBytes,
                Snaplen = 65_536,
            });
            var text = mac.ToString();
            device.Filter = $"(ether dst {text} or ether broadcast) and not ether src {text}";
        }
        catch (Exception e) when (e is PcapException or InvalidOperationException)
        {
            device.Close();
            var denied = e.Message.Contains("permission", StringComparison.OrdinalIgnoreCase)
                         || e.Message.Contains("not permitted", StringComparison.OrdinalIgnoreCase)
                         || e.Message.Contains("-8", StringComparison.Ordinal);
            throw denied
                ? new LinkOpenException(LinkOpenFailure.PermissionDenied, $"capturing on '{name}' needs root or CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode): {e.Message}", e)
                : new LinkOpenException(LinkOpenFailure.Other, $"opening '{name}' with libpcap failed: {e.Message}", e);
        }
        return new PcapLink(new LinkInfo(name, mac, ReadMtu(name)), device, clock);
    }

    public void Start(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
            throw new InvalidOperationException($"Link '{Info.Name}' is already started.");
        _reader = new Thread(() => CaptureLoop(sink)) { IsBackground = true, Name = $"pcap-rx-{Info.Name}" };
        _reader.Start();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        try
        {
            // pcap_inject on one handle from several threads is not documented as safe; one writer at a time.
            lock (_sendLock) _device.SendPacket(frame);
            Interlocked.Increment(ref _sent);
        }
        catch (PcapException)
        {
            Interlocked.Increment(ref _sendErrors);
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        _reader?.Join();
        lock (_sendLock) _device.Close();
        return ValueTask.CompletedTask;
    }

    private void CaptureLoop(IFrameSink sink)
    {
        while (Volatile.Read(ref _disposed) == 0)
        {
            GetPacketStatus status;
            PooledFrame? frame = null;
            try
            {
                status = _device.GetNextPacket(out var capture);
                if (status == GetPacketStatus.PacketRead) frame = PooledFrame.Copy(capture.Data, _clock.NowMicros);
            }
            catch (PcapException)
            {
                return;
            }
            if (status is GetPacketStatus.Error or GetPacketStatus.NoRemainingPackets) return;
            if (frame is not { } received) continue;
            Interlocked.Increment(ref _received);
            try
            {
                sink.OnFrame(received);
            }
            catch (Exception)
            {
                // Whatever the sink did with the lease before it threw, disposing it here returns the frame at most once.
                Interlocked.Increment(ref _sinkFaults);
                received.Dispose();
            }
        }
    }

    private static MacAddress? ReadInterfaceMac(string name)
    {
        try
        {
            var text = File.ReadAllText($"/sys/class/net/{name}/address").Trim();
            return MacAddress.TryParse(text, out var mac) ? mac : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static int ReadMtu(string name)
    {
        try
        {
            return int.TryParse(File.ReadAllText($"/sys/class/net/{name}/mtu").Trim(), out var mtu) ? mtu : 1500;
        }
        catch (IOException)
        {
            return 1500;
        }
    }
}
