using System.Buffers;

namespace Hashdance.Actors.Facade;

/// <summary>
/// A <see cref="Stream"/> over a <see cref="HashdanceConnection"/>, as <c>System.Net.Sockets.NetworkStream</c> is over
/// a Socket, so ordinary .NET code (StreamReader/StreamWriter, an HTTP/1.1 exchange) runs on Hashdance. Reads return
/// what has arrived (at least one byte, 0 at the peer's FIN); writes complete once the bytes are in the send buffer,
/// so <see cref="Flush"/> has nothing to do. Not seekable. Disposing closes the connection in order when the stream
/// owns it (<see cref="HashdanceConnection.CloseAsync"/>; <see cref="Dispose(bool)"/> starts the close without
/// waiting for it, <see cref="DisposeAsync"/> waits).
/// </summary>
public sealed class HashdanceNetworkStream(HashdanceConnection connection, bool ownsConnection = true) : Stream
{
    private bool _disposed;

    public HashdanceConnection Connection { get; } = connection;

    public override bool CanRead => !_disposed;
    public override bool CanWrite => !_disposed;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException("a network stream has no length");

    public override long Position
    {
        get => throw new NotSupportedException("a network stream cannot seek");
        set => throw new NotSupportedException("a network stream cannot seek");
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    public override int Read(Span<byte> buffer)
    {
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var n = Read(rented, 0, buffer.Length);
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Connection.ReceiveAsync(buffer, cancellationToken);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    public override void Write(ReadOnlySpan<byte> buffer) => WriteAsync(buffer.ToArray()).AsTask().GetAwaiter().GetResult();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Connection.SendAsync(buffer, cancellationToken);
    }

    /// <summary>Nothing to do: a completed write is already in the stack's send buffer, as with NetworkStream.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) =>
        cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a network stream cannot seek");

    public override void SetLength(long value) => throw new NotSupportedException("a network stream cannot seek");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed && ownsConnection) _ = Connection.CloseAsync();
        _disposed = true;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed && ownsConnection)
        {
            _disposed = true;
            await Connection.CloseAsync().ConfigureAwait(false);
        }
        _disposed = true;
        GC.SuppressFinalize(this);
    }
}
