using System.Net;
using System.Net.Sockets;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Handshake;

/// <summary>
/// The same-run baseline for the handshake rate: the kernel's own TCP over loopback through System.Net.Sockets.
/// One listening socket on 127.0.0.1, reused across rounds; per round, client threads connect and close with
/// SO_LINGER {1, 0} (a RST, no TIME_WAIT, like the Hashdance client's Abort) while one server thread accepts and
/// closes.
/// </summary>
public sealed class KernelLoopbackRig : IDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _endpoint;

    public KernelLoopbackRig(int backlog)
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(backlog);
        _endpoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    public RoundResult RunRound(int connections, int clientThreads)
    {
        var accepted = 0;
        var errors = new List<Exception>();
        var server = new Thread(() =>
        {
            try
            {
                for (var i = 0; i < connections; i++)
                {
                    using var child = _listener.Accept();
                    accepted++;
                }
            }
            catch (Exception e)
            {
                lock (errors) errors.Add(e);
            }
        }) { IsBackground = true, Name = "kernel-accept" };
        var clients = Enumerable.Range(0, clientThreads).Select(t => new Thread(() =>
        {
            try
            {
                var share = connections / clientThreads + (t < connections % clientThreads ? 1 : 0);
                for (var i = 0; i < share; i++)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Connect(_endpoint);
                }
            }
            catch (Exception e)
            {
                lock (errors) errors.Add(e);
            }
        }) { IsBackground = true, Name = $"kernel-connect-{t}" }).ToList();

        var meter = RoundMeter.Start();
        server.Start();
        foreach (var c in clients) c.Start();
        foreach (var c in clients) c.Join();
        var joined = server.Join(TimeSpan.FromSeconds(60));
        var result = meter.Stop(connections);
        Check.That(errors.Count == 0, $"kernel loopback round failed: {(errors.Count > 0 ? errors[0].Message : "")}");
        Check.That(joined && accepted == connections, $"the kernel listener accepted {accepted} of {connections} connections");
        return result;
    }

    public void Dispose() => _listener.Dispose();
}
