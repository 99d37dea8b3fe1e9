using System.Security.Cryptography;
using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Experiments;

/// <summary>
/// One end of a transfer connection: sends a seeded pseudo-random stream in chunks with Akka.IO's Write/Ack
/// back-pressure, hashes what it sends and what it receives (SHA-256), half-closes with ConfirmedClose once its
/// stream is queued, and reports to the collector when both directions are done or the connection failed.
/// A client end first connects through the stack's manager; a server end is handed its connection.
/// </summary>
public sealed class TransferEndpoint : UntypedActor
{
    private sealed record ChunkAcked
    {
        public static ChunkAcked Instance { get; } = new();
    }

    private readonly IActorRef _collector;
    private readonly long _bytes;
    private readonly int _chunkSize;
    private readonly SeededByteStream _random;
    private readonly IncrementalHash _sent = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _received = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly bool _isClient;
    private IActorRef? _connection;
    private Ipv4Endpoint _local;
    private Ipv4Endpoint _remote;
    private long _written;
    private long _receivedBytes;
    private long _reportedBytes;
    private bool _peerClosed;
    private bool _closed;
    private bool _reported;
    private long? _srttMicros;

    private TransferEndpoint(IActorRef collector, long bytes, int chunkSize, int streamSeed, bool isClient)
    {
        _collector = collector;
        _bytes = bytes;
        _chunkSize = chunkSize;
        _random = new SeededByteStream(streamSeed);
        _isClient = isClient;
    }

    /// <summary>A client end: connects to <paramref name="server"/> through <paramref name="manager"/>.</summary>
    public static Props Client(IActorRef manager, Ipv4Endpoint server, IActorRef collector, long bytes, int chunkSize, int streamSeed) =>
        Props.Create(() => new TransferEndpoint(collector, bytes, chunkSize, streamSeed, manager, server));

    /// <summary>A server end for the connection that sent <paramref name="connected"/>.</summary>
    public static Props Server(IActorRef connection, Connected connected, IActorRef collector, long bytes, int chunkSize, int streamSeed) =>
        Props.Create(() => new TransferEndpoint(collector, bytes, chunkSize, streamSeed, connection, connected));

    public TransferEndpoint(IActorRef collector, long bytes, int chunkSize, int streamSeed, IActorRef manager, Ipv4Endpoint server)
        : this(collector, bytes, chunkSize, streamSeed, true)
    {
        _manager = manager;
        _server = server;
    }

    public TransferEndpoint(IActorRef collector, long bytes, int chunkSize, int streamSeed, IActorRef connection, Connected connected)
        : this(collector, bytes, chunkSize, streamSeed, false)
    {
        _connection = connection;
        _local = connected.LocalAddress;
        _remote = connected.RemoteAddress;
    }

    private readonly IActorRef? _manager;
    private readonly Ipv4Endpoint _server;

    protected override void PreStart()
    {
        if (_connection is not null) Start();
        else _manager!.Tell(new Connect(_server));
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Connected connected:
                _connection = Sender;
                _local = connected.LocalAddress;
                _remote = connected.RemoteAddress;
                Start();
                break;
            case ChunkAcked:
                WriteNext();
                break;
            case Received received:
                _received.AppendData(received.Data.ToReadOnlySpan());
                _receivedBytes += received.Data.Count;
                if (_receivedBytes - _reportedBytes >= 1 << 20)
                {
                    _collector.Tell(new TransferCollector.BytesArrived(_receivedBytes - _reportedBytes));
                    _reportedBytes = _receivedBytes;
                }
                break;
            case SocketInfo info:
                _srttMicros = info.SrttMicros;
                break;
            case PeerClosed:
                _peerClosed = true;
                MaybeReport();
                break;
            case ConfirmedClosed or Closed:
                _closed = true;
                MaybeReport();
                break;
            case ErrorClosed error:
                Report($"{error.Error}: {error.Reason}");
                break;
            case Aborted:
                Report("aborted");
                break;
            case CommandFailed failed:
                Report($"{failed.Command.GetType().Name} failed: {failed.Error}: {failed.Reason}");
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void Start()
    {
        _connection!.Tell(new Register(Self));
        WriteNext();
    }

    private void WriteNext()
    {
        if (_written >= _bytes)
        {
            // The socket's RTT estimate once the whole stream is queued; the answer comes before ConfirmedClose's.
            _connection!.Tell(GetSocketInfo.Instance);
            _connection!.Tell(ConfirmedClose.Instance);
            return;
        }
        var chunk = new byte[(int)Math.Min(_chunkSize, _bytes - _written)];
        _random.Fill(chunk);
        _sent.AppendData(chunk);
        _written += chunk.Length;
        _connection!.Tell(new Write(ByteString.FromBytes(chunk), ChunkAcked.Instance));
    }

    private void MaybeReport()
    {
        if (_peerClosed && _closed) Report(null);
    }

    private void Report(string? error)
    {
        if (_reported) return;
        _reported = true;
        if (_receivedBytes > _reportedBytes) _collector.Tell(new TransferCollector.BytesArrived(_receivedBytes - _reportedBytes));
        _collector.Tell(new TransferEndpointReport(_isClient, _local, _remote, _sent.GetHashAndReset(), _received.GetHashAndReset(), _receivedBytes, error, _srttMicros));
        Context.Stop(Self);
    }
}
