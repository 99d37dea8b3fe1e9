using System.Net;
using System.Net.Sockets;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// The same-run baseline for memory per idle connection: the kernel's, read from /proc/slabinfo while
/// <c>pairs</c> idle established loopback connections (a client socket and its accepted peer each) are open.
/// The count is bounded by the process's file-descriptor limit (20000 here), each pair taking two; with 9000 pairs the
/// Hashdance phases that follow stalled, so the default stays at 6000.
/// </summary>
public static class KernelIdleConnections
{
    /// <summary>The slab caches a TCP socket with a file descriptor lives in: struct tcp_sock; struct socket with its inode; struct file; the dentry.</summary>
    public static readonly string[] SocketCaches = ["TCP", "sock_inode_cache", "filp", "dentry"];

    public sealed record Result(int Sockets, IReadOnlyDictionary<string, double> BytesPerSocket, int TcpSockObjectSize)
    {
        public double TcpSockBytes => BytesPerSocket["TCP"];
        public double WithFileBytes => BytesPerSocket.Values.Sum();
    }

    public static Result? Measure(int pairs)
    {
        if (SlabInfo.TryRead() is not { } before) return null;
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(4096);
        var clients = new List<Socket>(pairs);
        var servers = new List<Socket>(pairs);
        try
        {
            for (var i = 0; i < pairs; i++)
            {
                var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { LingerState = new LingerOption(true, 0) };
                clients.Add(client);
                client.Connect(listener.LocalEndPoint!);
                servers.Add(listener.Accept());
            }
            var after = SlabInfo.TryRead()!;
            var sockets = 2 * pairs;
            var perSocket = SocketCaches.ToDictionary(c => c, c => (double)(after.Bytes(c) - before.Bytes(c)) / sockets);
            return new Result(sockets, perSocket, after.ObjectSize("TCP"));
        }
        finally
        {
            foreach (var s in clients) s.Dispose();
            foreach (var s in servers) s.Dispose();
        }
    }
}
