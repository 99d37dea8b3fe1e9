using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Facade;

/// <summary>
/// An established connection for code that is not an actor: what <see cref="ConnectAsync"/> or
/// <see cref="HashdanceListener.AcceptAsync"/> returns, with socket-like calls: <see cref="SendAsync"/> (send()),
/// <see cref="ReceiveAsync"/> (recv()), <see cref="ShutdownAsync"/> (shutdown(SHUT_WR)), <see cref="CloseAsync"/>
/// (close()). Its events go to a small bridge actor registered as its handler; received bytes wait in a queue of
/// the received arrays (rented from the shared pool by the connection actor, returned once read), and when that queue passes <see cref="ReceiveQueueHighWater"/> the bridge
/// suspends reading, so the stack's receive queue fills and its window closes, as Linux's does when an application
/// stops reading: a slow reader makes the peer's <see cref="SendAsync"/> wait.
/// </summary>
public sealed class HashdanceConnection : IAsyncDisposable
{
    /// <summary>Bytes the facade queues before it suspends reading (the stack's own receive buffer holds more).</summary>
    public const int ReceiveQueueHighWater = 64 * 1024;

    private readonly object _gate = new();
    private readonly Queue<(byte[] Buffer, int Count)> _received = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly TaskCompletionSource _terminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _headOffset;
    private int _buffered;
    private bool _readingSuspended;
    private bool _endOfStream;
    private HashdanceSocketException? _error;
    // The reader's wake-up and a send's ack without an allocation per call; _readWaiter and _lastSendSource serve
    // concurrent reads and calls with a cancellable token.
    private readonly ReusableCompletion _readSignal = new();
    private readonly ReusableCompletion _sendDone = new();

    /// <summary>The connection's receive-buffer pool, where read buffers go back (set by the first delivery).</summary>
    private System.Collections.Concurrent.ConcurrentQueue<byte[]>? _receiveBuffers;

    /// <summary>The write messages the connection hands back (see <see cref="PooledWrite"/>).</summary>
    private readonly System.Collections.Concurrent.ConcurrentQueue<PooledWrite> _writePool = new();
    private TaskCompletionSource? _readWaiter;
    private Task? _lastSend;
    private TaskCompletionSource? _lastSendSource;
    private bool _shutdownSent;
    private bool _closeRequested;

    internal HashdanceConnection(IActorRef connection, IActorRef bridge, Ipv4Endpoint local, Ipv4Endpoint remote)
    {
        Actor = connection;
        Bridge = bridge;
        LocalAddress = local;
        RemoteAddress = remote;
    }

    /// <summary>The connection actor, for code that wants to speak the Akka.IO-style protocol directly.</summary>
    public IActorRef Actor { get; }

    internal IActorRef Bridge { get; }

    public Ipv4Endpoint LocalAddress { get; }
    public Ipv4Endpoint RemoteAddress { get; }

    /// <summary>connect(): an active open to <paramref name="remote"/>; throws <see cref="HashdanceSocketException"/> on ECONNREFUSED, ETIMEDOUT, …</summary>
    public static Task<HashdanceConnection> ConnectAsync(HashdanceStack stack, Ipv4Endpoint remote, SocketOptions? options = null,
        CancellationToken cancellation = default)
    {
        var done = new TaskCompletionSource<HashdanceConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        var bridge = stack.System.ActorOf(ConnectionBridge.ForConnect(stack.Manager, new Connect(remote, null, options), done));
        cancellation.Register(() =>
        {
            if (done.TrySetCanceled(cancellation)) bridge.Tell(ConnectionBridge.Cancelled.Instance);
        });
        return done.Task;
    }

    /// <summary>
    /// send(): completes when every byte of <paramref name="data"/> is in the stack's send buffer (tcp_sendmsg), so it
    /// waits while the buffer is full. Throws <see cref="HashdanceSocketException"/> with EPIPE after
    /// <see cref="ShutdownAsync"/> or once the connection has ended, with ECONNRESET / ETIMEDOUT if it died. A
    /// cancelled send may have queued part of its bytes (as an interrupted blocking send() may); the next send waits
    /// for it to finish first.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation = default)
    {
        if (data.IsEmpty) return;
        await _sendGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_lastSend is { IsCompleted: false } previous) await previous.WaitAsync(cancellation).ConfigureAwait(false);
            ThrowIfCannotSend();
            if (!cancellation.CanBeCanceled && _sendDone.TryArm(out var queued))
            {
                // The completion is the Write's Ack: the bridge completes it on the ack, or fails it on CommandFailed
                // or the connection's end. Not cancellable, so the wait ends before the gate is released.
                // OnTerminated marks the end before it fails the armed send, so a connection that ended since the
                // check above is seen here or fails the wait itself.
                if (_terminated.Task.IsCompleted) _sendDone.SetException(ClosedBeforeQueued());
                else Actor.Tell(PooledWrite.Rent(_writePool, data, _sendDone), Bridge);
                await queued.ConfigureAwait(false);
                return;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _lastSend = done.Task;
            _lastSendSource = done;
            Actor.Tell(new Write(AsByteString(data, cancellation), new ConnectionBridge.CommandDone(done)), Bridge);
            await done.Task.WaitAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// recv(): copies up to <paramref name="buffer"/>.Length received bytes, waiting for some if none are queued.
    /// Returns 0 at the end of the stream (the peer's FIN, after every byte before it). Throws
    /// <see cref="HashdanceSocketException"/> with the errno (ECONNRESET, ETIMEDOUT, …) once the queued bytes are
    /// read, if the connection died instead.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellation = default)
    {
        if (buffer.IsEmpty) return 0;
        while (true)
        {
            Task? wait = null;
            ValueTask signalled = default;
            var copied = 0;
            var resume = false;
            lock (_gate)
            {
                if (_buffered > 0)
                {
                    copied = CopyOut(buffer.Span);
                    if (_readingSuspended && _buffered <= ReceiveQueueHighWater / 2)
                    {
                        _readingSuspended = false;
                        resume = true;
                    }
                }
                else if (_error is not null) throw _error;
                else if (_endOfStream) return 0;
                else if (cancellation.CanBeCanceled || !_readSignal.TryArm(out signalled))
                {
                    _readWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _readWaiter.Task;
                }
            }
            if (copied > 0)
            {
                // Outside the lock: under a calling-thread dispatcher the Tell runs the actors at once.
                if (resume) Actor.Tell(ResumeReading.Instance, Bridge);
                return copied;
            }
            if (wait is not null) await wait.WaitAsync(cancellation).ConfigureAwait(false);
            else await signalled.ConfigureAwait(false);
        }
    }

    /// <summary>shutdown(SHUT_WR): our FIN follows the bytes already sent; receiving goes on until the peer's FIN.</summary>
    public async Task ShutdownAsync(CancellationToken cancellation = default)
    {
        await _sendGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_lastSend is { IsCompleted: false } previous) await previous.WaitAsync(cancellation).ConfigureAwait(false);
            if (_shutdownSent) return;
            ThrowIfCannotSend();
            _shutdownSent = true;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Actor.Tell(new Shutdown(ShutdownHow.Write, new ConnectionBridge.CommandDone(done)), Bridge);
            await done.Task.WaitAsync(cancellation).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>
    /// close(): an orderly close after the bytes already sent (our FIN; an RST instead if the stack still holds bytes
    /// this side never read, as tcp_close does). Completes when the connection is gone: our FIN acknowledged (the
    /// rest of the close, FIN_WAIT2 or TIME_WAIT, belongs to the stack) or the connection ended otherwise.
    /// </summary>
    public async Task CloseAsync(CancellationToken cancellation = default)
    {
        await _sendGate.WaitAsync(cancellation).ConfigureAwait(false);
        try
        {
            if (_lastSend is { IsCompleted: false } previous) await previous.WaitAsync(cancellation).ConfigureAwait(false);
            if (!_closeRequested && !_terminated.Task.IsCompleted)
            {
                _closeRequested = true;
                Actor.Tell(Close.Instance, Bridge);
            }
        }
        catch (HashdanceSocketException)
        {
            // The last send failed because the connection died: there is nothing left to close.
        }
        finally
        {
            _sendGate.Release();
        }
        await _terminated.Task.WaitAsync(cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// Without <see cref="CloseAsync"/>: an orderly close when this side has shut down its sending half and read the
    /// peer's FIN (nothing is left to say), otherwise an abort (RST, as close() with SO_LINGER {1, 0}), since
    /// unfinished work would otherwise be passed off as a clean end. After <see cref="CloseAsync"/> it does nothing.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        bool orderly;
        lock (_gate) orderly = _shutdownSent && _endOfStream && _buffered == 0;
        if (_closeRequested || _terminated.Task.IsCompleted) return ValueTask.CompletedTask;
        _closeRequested = true;
        Actor.Tell(orderly ? Close.Instance : Abort.Instance, Bridge);
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The caller's bytes without a copy when it cannot take them back before the connection actor has copied them
    /// into the send queue (the call completes only then); a cancellable call may return earlier, so it gets a copy.
    /// </summary>
    private static ByteString AsByteString(ReadOnlyMemory<byte> data, CancellationToken cancellation) =>
        !cancellation.CanBeCanceled && MemoryMarshal.TryGetArray(data, out var segment)
            ? ByteString.FromBytes(segment.Array!, segment.Offset, segment.Count)
            : ByteString.FromBytes(data.ToArray());

    private void ThrowIfCannotSend()
    {
        lock (_gate)
        {
            if (_error is not null) throw _error;
        }
        if (_shutdownSent || _closeRequested || _terminated.Task.IsCompleted)
            throw new HashdanceSocketException(SocketError.BrokenPipe, "the sending half of the connection is closed");
    }

    private int CopyOut(Span<byte> destination)
    {
        var copied = 0;
        while (copied < destination.Length && _received.TryPeek(out var head))
        {
            var take = Math.Min(head.Count - _headOffset, destination.Length - copied);
            head.Buffer.AsSpan(_headOffset, take).CopyTo(destination);
            destination = destination[take..];
            copied += take;
            _headOffset += take;
            if (_headOffset == head.Count)
            {
                _received.Dequeue();
                _headOffset = 0;
                _receiveBuffers?.Enqueue(head.Buffer);
            }
        }
        _buffered -= copied;
        return copied;
    }

    /// <summary>
    /// Queues bytes the bridge received (one of the connection's receive buffers, given back to
    /// <paramref name="bufferPool"/> once read); true when the bridge should now suspend reading.
    /// </summary>
    internal bool OnReceived(byte[] buffer, int count, System.Collections.Concurrent.ConcurrentQueue<byte[]> bufferPool)
    {
        _receiveBuffers = bufferPool;
        TaskCompletionSource? waiter;
        bool suspend;
        lock (_gate)
        {
            _received.Enqueue((buffer, count));
            _buffered += count;
            suspend = !_readingSuspended && _buffered > ReceiveQueueHighWater;
            if (suspend) _readingSuspended = true;
            waiter = TakeReadWaiter();
        }
        waiter?.TrySetResult();
        return suspend;
    }

    /// <summary>The peer's FIN: reads return 0 once the queue is empty.</summary>
    internal void OnEndOfStream()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _endOfStream = true;
            waiter = TakeReadWaiter();
        }
        waiter?.TrySetResult();
    }

    /// <summary>The connection actor has ended: <paramref name="error"/> is null for an orderly end.</summary>
    internal void OnTerminated(HashdanceSocketException? error)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (error is not null && !_endOfStream) _error ??= error;
            else _endOfStream = true;
            waiter = TakeReadWaiter();
        }
        waiter?.TrySetResult();
        // The end is marked first (SendAsync checks it after arming its completion); a write still waiting for
        // send-buffer space will never be queued now.
        _terminated.TrySetResult();
        var unqueued = error ?? ClosedBeforeQueued();
        _lastSendSource?.TrySetException(unqueued);
        _sendDone.SetException(unqueued);
    }

    private static HashdanceSocketException ClosedBeforeQueued() =>
        new(SocketError.BrokenPipe, "the connection closed before the write was queued");

    /// <summary>Wakes the reader waiting on the reusable signal, and hands back the shared waiter of any others (call under the lock).</summary>
    private TaskCompletionSource? TakeReadWaiter()
    {
        _readSignal.SetResult();
        var waiter = _readWaiter;
        _readWaiter = null;
        return waiter;
    }
}
