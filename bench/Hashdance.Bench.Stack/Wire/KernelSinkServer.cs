using System.Net;
using System.Net.Sockets;
using Hashdance.NicIo;

namespace Hashdance.Bench.Stack.Wire;

/// <summary>
/// The kernel baseline server: a listening socket created inside the server namespace; every accepted connection is
/// read until EOF (or RST) and then closed, as Hashdance's discard app does.
/// </summary>
internal sealed class KernelSinkServer : IDisposable
{
    private readonly Socket _listener;
    private readonly Thread _acceptor;

    public KernelSinkServer(string netns, IPEndPoint endpoint)
    {
        _listener = NetworkNamespace.Run(netns, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(endpoint);
            socket.Listen(4096);
            return socket;
        });
        _acceptor = new Thread(AcceptLoop) { IsBackground = true, Name = "kernel-sink-accept" };
        _acceptor.Start();
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket child;
            try
            {
                child = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => Drain(child));
        }
    }

    private static void Drain(Socket child)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (child.Receive(buffer) > 0)
            {
            }
        }
        catch (SocketException)
        {
            // The handshake rounds close with a RST.
        }
        finally
        {
            child.Dispose();
        }
    }

    public void Dispose() => _listener.Dispose();
}
