using Akka.Actor;
using Akka.IO;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Apps;

/// <summary>
/// The base of the serve apps' per-connection actors: it registers with its connection, and gives subclasses a
/// <see cref="Send"/> that keeps at most one Write in flight (the connection's one-write-at-a-time contract, as with
/// a blocking send()) by queueing the rest until the Write's Ack, and a <see cref="CloseWhenSent"/>.
/// </summary>
public abstract class StreamHandler : UntypedActor
{
    private sealed record WriteAcked
    {
        public static WriteAcked Instance { get; } = new();
    }

    private readonly IActorRef _connection;
    private readonly List<ByteString> _queued = [];
    private bool _writing;
    private bool _closeWhenSent;
    private bool _done;

    protected StreamHandler(IActorRef connection, AppCounters counters)
    {
        _connection = connection;
        Counters = counters;
    }

    protected AppCounters Counters { get; }

    protected override void PreStart()
    {
        Counters.OnAccepted();
        _connection.Tell(new Register(Self));
    }

    /// <summary>Bytes from the peer, in order.</summary>
    protected abstract void OnData(ByteString data);

    /// <summary>The peer's FIN; by default, close once everything queued is sent.</summary>
    protected virtual void OnPeerClosed() => CloseWhenSent();

    protected void Send(ByteString data)
    {
        if (data.IsEmpty) return;
        _queued.Add(data);
        WriteQueued();
    }

    protected void CloseWhenSent()
    {
        _closeWhenSent = true;
        WriteQueued();
    }

    protected override void OnReceive(object message)
    {
        switch (message)
        {
            case Received received:
                Counters.OnReceived(received.Data.Count);
                OnData(received.Data);
                break;
            case WriteAcked:
                _writing = false;
                WriteQueued();
                break;
            case PeerClosed:
                OnPeerClosed();
                break;
            case Closed or ConfirmedClosed:
                Finish(failed: false);
                break;
            case ErrorClosed or Aborted or CommandFailed:
                Finish(failed: true);
                break;
            case TcpEvent:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private void WriteQueued()
    {
        if (_writing || _done) return;
        if (_queued.Count > 0)
        {
            var data = _queued.Count == 1 ? _queued[0] : ByteString.FromBytes(Concat(_queued));
            _queued.Clear();
            _writing = true;
            Counters.OnSent(data.Count);
            _connection.Tell(new Write(data, WriteAcked.Instance));
            return;
        }
        if (_closeWhenSent)
        {
            _done = true;
            _connection.Tell(Close.Instance);
        }
    }

    private static byte[] Concat(List<ByteString> parts)
    {
        var total = 0;
        foreach (var part in parts) total += part.Count;
        var bytes = new byte[total];
        var at = 0;
        foreach (var part in parts)
        {
            part.CopyTo(bytes, at, part.Count);
            at += part.Count;
        }
        return bytes;
    }

    private void Finish(bool failed)
    {
        if (failed) Counters.OnFailed();
        else Counters.OnFinished();
        Context.Stop(Self);
    }
}
