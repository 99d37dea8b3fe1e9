using System.Buffers;
using System.Runtime.InteropServices;
using Hashdance.NicIo.Native;
using Hashdance.Protocol.Time;

namespace Hashdance.NicIo;

/// <summary>
/// A link on a Linux TAP device: <c>/dev/net/tun</c> attached with TUNSETIFF (IFF_TAP | IFF_NO_PI, optionally
/// IFF_MULTI_QUEUE), so every read is one Ethernet frame the kernel transmitted on the device and every write is one
/// frame the kernel receives from it (tun_get_user → netif_rx). The kernel owns the device's own address (the peer);
/// the stack owns its address and <see cref="TapLinkOptions.Mac"/> behind the fd.
/// </summary>
/// <remarks>
/// Each queue has a dedicated background thread (not a thread-pool thread) that polls the fd together with an eventfd;
/// <see cref="DisposeAsync"/> signals the eventfd, which is how a reader blocked in poll is woken without closing the
/// fd under it. The fds are non-blocking, so under load a thread reads a burst of frames per wake-up. TUNSETIFF
/// attaches to a device in the calling thread's network namespace: open the link from a process started by
/// <c>ip netns exec</c>.
/// </remarks>
public sealed class TapLink : ILink
{
    /// <summary>Frames read per poll wake-up before polling again, so a busy queue cannot starve the stop signal.</summary>
    private const int ReadBurst = 64;

    /// <summary>The largest frame a TAP hands over without GSO: 64 KiB of IP plus the Ethernet header.</summary>
    private const int MaxFrame = 65_536 + 14;

    private readonly int[] _queueFds;
    private readonly int _stopFd;
    private readonly IClock _clock;
    private readonly Thread[] _readers;
    private IFrameSink? _sink;
    private int _disposed;
    private long _received;
    private long _sent;
    private long _sendErrors;
    private long _receiveErrors;
    private long _sinkFaults;

    private TapLink(LinkInfo info, int[] queueFds, int stopFd, IClock clock)
    {
        Info = info;
        _queueFds = queueFds;
        _stopFd = stopFd;
        _clock = clock;
        _readers = new Thread[queueFds.Length];
    }

    public LinkInfo Info { get; }

    public int Queues => _queueFds.Length;

    /// <summary>0 when <see cref="TapLinkOptions.TxQueueLength"/> was applied (or not asked for), else the errno.</summary>
    public int TxQueueLengthError { get; private init; }

    public long FramesReceived => Interlocked.Read(ref _received);

    public long FramesSent => Interlocked.Read(ref _sent);

    /// <summary>Writes the kernel refused (device down, queue full): the frame is lost, as a NIC's tx_dropped.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long ReceiveErrors => Interlocked.Read(ref _receiveErrors);

    /// <summary>Frames whose sink threw; the frame is dropped and the reader goes on.</summary>
    public long SinkFaults => Interlocked.Read(ref _sinkFaults);

    /// <summary>
    /// Attaches to the existing TAP device <paramref name="name"/> in this network namespace.
    /// </summary>
    /// <exception cref="LinkOpenException">The device is missing, not a TAP, busy, or permission is lacking.</exception>
    public static TapLink Open(string name, TapLinkOptions options, IClock clock)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Queues, 1);
        if (name.Length >= LinuxNative.IfNameSize) throw new LinkOpenException(LinkOpenFailure.DeviceMissing, $"'{name}' is not an interface name (at most 15 characters)");
        if (!OperatingSystem.IsLinux()) throw new LinkOpenException(LinkOpenFailure.DeviceMissing, "TAP devices need Linux");
        // TUNSETIFF would create a fresh, unconfigured device under a name that does not exist; a typo must not do that.
        if (LinuxNative.IfNameToIndex(name) == 0)
            throw new LinkOpenException(LinkOpenFailure.DeviceMissing,
                $"no device '{name}' in this network namespace (create it with scripts/netns-lab.sh up, and run inside the namespace with ip netns exec)");
        var fds = new List<int>(options.Queues);
        var stopFd = -1;
        try
        {
            for (var q = 0; q < options.Queues; q++) fds.Add(AttachQueue(name, options.Queues > 1));
            stopFd = LinuxNative.EventFd(0, LinuxNative.EfdNonBlock | LinuxNative.EfdCloExec);
            if (stopFd < 0) throw Fail(LinkOpenFailure.Other, $"eventfd for '{name}'", Marshal.GetLastPInvokeError());
            var txQueueError = options.TxQueueLength > 0 ? SetTxQueueLength(name, options.TxQueueLength) : 0;
            var info = new LinkInfo(name, options.Mac, ReadMtu(name));
            return new TapLink(info, fds.ToArray(), stopFd, clock) { TxQueueLengthError = txQueueError };
        }
        catch
        {
            foreach (var fd in fds) LinuxNative.Close(fd);
            if (stopFd >= 0) LinuxNative.Close(stopFd);
            throw;
        }
    }

    public void Start(IFrameSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.CompareExchange(ref _sink, sink, null) is not null)
            throw new InvalidOperationException($"Link '{Info.Name}' is already started.");
        for (var q = 0; q < _queueFds.Length; q++)
        {
            var fd = _queueFds[q];
            _readers[q] = new Thread(() => ReadLoop(fd, sink)) { IsBackground = true, Name = $"tap-rx-{Info.Name}-{q}" };
            _readers[q].Start();
        }
    }

    public unsafe void Send(ReadOnlySpan<byte> frame)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        nint written;
        fixed (byte* p = frame)
        {
            // Writes of one queue's fd are independent syscalls; the kernel takes each frame whole.
            written = LinuxNative.Write(_queueFds[0], p, (nuint)frame.Length);
        }
        if (written == frame.Length) Interlocked.Increment(ref _sent);
        else Interlocked.Increment(ref _sendErrors);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return ValueTask.CompletedTask;
        Signal(_stopFd);
        foreach (var reader in _readers) reader?.Join();
        foreach (var fd in _queueFds) LinuxNative.Close(fd);
        LinuxNative.Close(_stopFd);
        return ValueTask.CompletedTask;
    }

    private unsafe void ReadLoop(int fd, IFrameSink sink)
    {
        var scratch = ArrayPool<byte>.Shared.Rent(MaxFrame);
        var burst = new PooledFrame[ReadBurst];
        try
        {
            var fds = stackalloc LinuxNative.PollFd[2];
            while (true)
            {
                fds[0] = new LinuxNative.PollFd { Fd = fd, Events = LinuxNative.PollIn };
                fds[1] = new LinuxNative.PollFd { Fd = _stopFd, Events = LinuxNative.PollIn };
                if (LinuxNative.Poll(fds, 2, -1) < 0)
                {
                    if (Marshal.GetLastPInvokeError() == LinuxNative.EIntr) continue;
                    Interlocked.Increment(ref _receiveErrors);
                    return;
                }
                if (fds[1].Revents != 0) return;
                if (fds[0].Revents == 0) continue;
                if (!ReadBurstFrom(fd, scratch, burst, sink)) return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    /// <summary>
    /// Reads up to <see cref="ReadBurst"/> frames and hands them to the sink as one burst (one message to the ingress
    /// under load, one frame when the link is quiet); false when the fd failed for good.
    /// </summary>
    private unsafe bool ReadBurstFrom(int fd, byte[] scratch, PooledFrame[] burst, IFrameSink sink)
    {
        var count = 0;
        var healthy = true;
        for (var i = 0; i < ReadBurst; i++)
        {
            nint n;
            fixed (byte* p = scratch)
            {
                n = LinuxNative.Read(fd, p, (nuint)scratch.Length);
            }
            if (n < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno is LinuxNative.EAgain or LinuxNative.EIntr) break;
                Interlocked.Increment(ref _receiveErrors);
                // EBADFD/EIO: the device went away under us; nothing more will come on this queue.
                healthy = false;
                break;
            }
            if (n == 0) break;
            Interlocked.Increment(ref _received);
            burst[count++] = PooledFrame.Copy(scratch.AsSpan(0, (int)n), _clock.NowMicros);
        }
        if (count == 0) return healthy;
        try
        {
            sink.OnFrames(burst.AsSpan(0, count));
        }
        catch (Exception)
        {
            // The sink owns the frames once called; a throwing sink is a bug there, not a reason to stop receiving.
            Interlocked.Increment(ref _sinkFaults);
        }
        Array.Clear(burst, 0, count);
        return healthy;
    }

    private static unsafe int AttachQueue(string name, bool multiQueue)
    {
        var fd = LinuxNative.Open("/dev/net/tun", LinuxNative.ORdWr | LinuxNative.OCloExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno is LinuxNative.ENoEnt or LinuxNative.ENoDev or LinuxNative.ENxIo
                ? new LinkOpenException(LinkOpenFailure.DeviceMissing, "/dev/net/tun is missing (load the tun module: modprobe tun)")
                : Fail(ClassifyErrno(errno), "opening /dev/net/tun", errno);
        }
        var ifr = LinuxNative.IfReq(name);
        var flags = (short)(LinuxNative.IffTap | LinuxNative.IffNoPi | (multiQueue ? LinuxNative.IffMultiQueue : 0));
        BitConverter.TryWriteBytes(ifr.AsSpan(LinuxNative.IfNameSize), flags);
        int result;
        fixed (byte* p = ifr)
        {
            result = LinuxNative.Ioctl(fd, LinuxNative.TunSetIff, p);
        }
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            LinuxNative.Close(fd);
            throw Fail(ClassifyErrno(errno), $"attaching to TAP device '{name}'", errno);
        }
        var status = LinuxNative.Fcntl(fd, LinuxNative.FGetFl, 0);
        if (status < 0 || LinuxNative.Fcntl(fd, LinuxNative.FSetFl, status | LinuxNative.ONonBlock) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            LinuxNative.Close(fd);
            throw Fail(LinkOpenFailure.Other, $"making the fd of '{name}' non-blocking", errno);
        }
        return fd;
    }

    /// <summary>SIOCSIFTXQLEN needs CAP_NET_ADMIN even on a device the user owns; failing it only costs drops under load.</summary>
    private static int SetTxQueueLength(string name, int length)
    {
        var ifr = LinuxNative.IfReq(name);
        BitConverter.TryWriteBytes(ifr.AsSpan(LinuxNative.IfNameSize), length);
        return LinuxNative.SocketIoctl(LinuxNative.SiocSIfTxQLen, ifr);
    }

    private static int ReadMtu(string name)
    {
        var ifr = LinuxNative.IfReq(name);
        var errno = LinuxNative.SocketIoctl(LinuxNative.SiocGIfMtu, ifr);
        if (errno != 0) throw Fail(ClassifyErrno(errno), $"reading the MTU of '{name}'", errno);
        return BitConverter.ToInt32(ifr, LinuxNative.IfNameSize);
    }

    private static unsafe void Signal(int eventFd)
    {
        ulong one = 1;
        LinuxNative.Write(eventFd, (byte*)&one, sizeof(ulong));
    }

    private static LinkOpenFailure ClassifyErrno(int errno) => errno switch
    {
        LinuxNative.EPerm or LinuxNative.EAcces => LinkOpenFailure.PermissionDenied,
        LinuxNative.EBusy => LinkOpenFailure.DeviceBusy,
        LinuxNative.EInval => LinkOpenFailure.WrongDeviceType,
        LinuxNative.ENoDev or LinuxNative.ENxIo or LinuxNative.ENoEnt => LinkOpenFailure.DeviceMissing,
        _ => LinkOpenFailure.Other,
    };

    private static LinkOpenException Fail(LinkOpenFailure failure, string doing, int errno)
    {
        var hint = failure switch
        {
            LinkOpenFailure.PermissionDenied => " (run as root, or grant CAP_NET_ADMIN, or create the device with 'ip tuntap add ... user <you>')",
            LinkOpenFailure.DeviceBusy => " (another process is attached to it)",
            LinkOpenFailure.WrongDeviceType => " (is it a TUN rather than a TAP, or was multi_queue set differently?)",
            _ => "",
        };
        return new LinkOpenException(failure, $"{doing} failed: {LinuxNative.Describe(errno)}{hint}");
    }
}
