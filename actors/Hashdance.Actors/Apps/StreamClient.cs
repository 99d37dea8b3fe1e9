using System.Security.Cryptography;
using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Apps;

/// <summary>
/// A client connection for <c>hashdance connect</c>: connects to <paramref name="remote"/>, sends
/// <paramref name="source"/> (if any) in chunks with Write/Ack back-pressure, then half-closes (ConfirmedClose),
/// copies everything received to <paramref name="sink"/> (if any) until the peer's FIN, and completes
/// <paramref name="done"/> with byte counts and SHA-256 digests of both directions.
/// </summary>
public sealed class StreamClient(IActorRef manager, Ipv4Endpoint remote, Stream? source, Stream? sink, TaskCompletionSource<StreamClientResult> done)
    : UntypedActor
{
    public const int ChunkSize = 64 * 1024;

    private sealed record ChunkAcked
    {
        public static ChunkAcked Instance { get; } = new();
    }

    private readonly IncrementalHash _sentHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _receivedHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private IActorRef? _connection;
    private Ipv4Endpoint _local;
    private long _sent;
    private long _received;
    private bool _peerClosed;
    private bool _closed;

    public static Props Props(IActorRef manager, Ipv4Endpoint remote, Stream? source, Stream? sink, TaskCompletionSource<StreamClientResult> done) =>
        Akka.Actor.Props.Create(() => new StreamClient(manager, remote, source, sink, done));

    protected override void PreStart() => manager.Tell(new Connect(remote));

    protected override void PostStop()
    {
        if (!done.Task.IsCompleted) Finish("stopped before the connection finished");
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected connected:
                _connection = Sender;
                _local = connected.LocalAddress;
                _connection.Tell(new Register(Self));
                WriteNext();
                break;
            case ChunkAcked:
                WriteNext();
                break;
            case Received received:
                var bytes = received.Data.ToArray();
                _receivedHash.AppendData(bytes);
                _received += bytes.Length;
                sink?.Write(bytes);
                break;
            case PeerClosed:
                _peerClosed = true;
                if (_closed) Finish(null);
                break;
            case ConfirmedClosed or Closed:
                _closed = true;
                if (_peerClosed) Finish(null);
                break;
            case ErrorClosed error:
                Finish($"{error.Error}: {error.Reason}");
                break;
            case Aborted:
                Finish("aborted");
                break;
            case CommandFailed failed:
                Finish($"{failed.Command.GetType().Name} failed: {failed.Error}: {failed.Reason}");
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void WriteNext()
    {
        var chunk = new byte[ChunkSize];
        var n = source?.Read(chunk, 0, chunk.Length) ?? 0;
        if (n == 0)
        {
            _connection!.Tell(ConfirmedClose.Instance);
            return;
        }
        _sentHash.AppendData(chunk, 0, n);
        _sent += n;
        _connection!.Tell(new Write(ByteString.FromBytes(chunk, 0, n), ChunkAcked.Instance));
    }

    private void Finish(string? error)
    {
        sink?.Flush();
        done.TrySetResult(new StreamClientResult(_connection is not null, _local, remote, _sent, _received,
            _sentHash.GetHashAndReset(), _receivedHash.GetHashAndReset(), error));
        Context.Stop(Self);
    }
}
