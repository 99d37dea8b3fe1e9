using System.Runtime.InteropServices;
using System.Text;

namespace Hashdance.NicIo.Native;

/// <summary>The few libc calls the real links need (open, ioctl, read, write, poll, eventfd), and <c>struct ifreq</c>.</summary>
internal static unsafe class LinuxNative
{
    public const int ORdWr = 0x2;
    public const int ONonBlock = 0x800;
    public const int OCloExec = 0x80000;
    public const int FGetFl = 3;
    public const int FSetFl = 4;
    public const short PollIn = 0x1;
    public const int EfdNonBlock = 0x800;
    public const int EfdCloExec = 0x80000;
    public const int AfInet = 2;
    public const int SockDgram = 2;

    // include/uapi/linux/if_tun.h and linux/sockios.h
    public const nuint TunSetIff = 0x400454ca;
    public const nuint SiocGIfMtu = 0x8921;
    public const nuint SiocGIfHwAddr = 0x8927;
    public const nuint SiocSIfTxQLen = 0x8943;
    public const short IffTap = 0x0002;
    public const short IffNoPi = 0x1000;
    public const short IffMultiQueue = 0x0100;

    public const int EPerm = 1;
    public const int ENoEnt = 2;
    public const int EIntr = 4;
    public const int ENxIo = 6;
    public const int EAgain = 11;
    public const int EAcces = 13;
    public const int EBusy = 16;
    public const int ENoDev = 19;
    public const int EInval = 22;

    /// <summary>sizeof(struct ifreq) on 64-bit Linux: a 16-byte name and a 24-byte union.</summary>
    public const int IfReqSize = 40;
    public const int IfNameSize = 16;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int Ioctl(int fd, nuint request, byte* argument);

    [DllImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static extern int Fcntl(int fd, int command, int argument);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int fd, byte* buffer, nuint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int fd, byte* buffer, nuint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll(PollFd* fds, nuint count, int timeoutMillis);

    [DllImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static extern int EventFd(uint initial, int flags);

    [DllImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static extern int Socket(int domain, int type, int protocol);

    [DllImport("libc", EntryPoint = "if_nametoindex", SetLastError = true)]
    public static extern uint IfNameToIndex([MarshalAs(UnmanagedType.LPStr)] string name);

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>A zeroed struct ifreq with <paramref name="name"/> in ifr_name.</summary>
    public static byte[] IfReq(string name)
    {
        var ifr = new byte[IfReqSize];
        Encoding.ASCII.GetBytes(name, 0, name.Length, ifr, 0);
        return ifr;
    }

    /// <summary>Runs a SIOC* ioctl on a throwaway AF_INET socket, as ip(8) does; returns errno or 0.</summary>
    public static int SocketIoctl(nuint request, byte[] ifr)
    {
        var socket = Socket(AfInet, SockDgram, 0);
        if (socket < 0) return Marshal.GetLastPInvokeError();
        try
        {
            fixed (byte* p = ifr)
            {
                return Ioctl(socket, request, p) < 0 ? Marshal.GetLastPInvokeError() : 0;
            }
        }
        finally
        {
            Close(socket);
        }
    }

    /// <summary>strerror for the messages of <see cref="LinkOpenException"/>.</summary>
    public static string Describe(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}
