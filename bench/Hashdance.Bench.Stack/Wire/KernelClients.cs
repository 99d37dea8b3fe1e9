using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Hashdance.Bench.Stack.Harness;
using Hashdance.NicIo;

namespace Hashdance.Bench.Stack.Wire;

/// <summary>
/// Linux's TCP as the client, from threads that joined the client namespace: a handshake rate (connect, then close
/// with SO_LINGER {1, 0} so no TIME_WAIT piles up) and a bulk send (one connection, half-close, wait for the
/// server's FIN so every byte was taken).
/// </summary>
internal static class KernelClients
{
    /// <summary>Completed connect() calls per second over <paramref name="connections"/> connects from <paramref name="threads"/> threads.</summary>
    public static double HandshakesPerSecond(string netns, IPEndPoint server, int connections, int threads)
    {
        var failures = 0;
        var ready = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            NetworkNamespace.Enter(netns);
            var share = connections / threads + (t < connections % threads ? 1 : 0);
            ready.SignalAndWait();
            for (var i = 0; i < share; i++)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect(server);
                    socket.LingerState = new LingerOption(true, 0);
                }
                catch (SocketException)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }) { IsBackground = true, Name = $"kernel-client-{t}" }).ToList();
        workers.ForEach(w => w.Start());
        ready.SignalAndWait();
        var clock = Stopwatch.StartNew();
        workers.ForEach(w => w.Join());
        clock.Stop();
        if (failures > 0) throw new BenchCheckFailedException($"{failures} of {connections} connects to {server} failed");
        return connections / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Megabytes (10^6 bytes) per second for <paramref name="bytes"/> sent over one connection.</summary>
    public static double BulkMegabytesPerSecond(string netns, IPEndPoint server, long bytes)
    {
        return NetworkNamespace.Run(netns, () =>
        {
            var chunk = new byte[64 * 1024];
            new Random(3).NextBytes(chunk);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            var clock = Stopwatch.StartNew();
            socket.Connect(server);
            for (long sent = 0; sent < bytes; sent += chunk.Length) socket.Send(chunk);
            socket.Shutdown(SocketShutdown.Send);
            while (socket.Receive(chunk) > 0)
            {
            }
            clock.Stop();
            return bytes / 1e6 / clock.Elapsed.TotalSeconds;
        });
    }
}
