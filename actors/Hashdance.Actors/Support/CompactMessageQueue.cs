using Akka.Actor;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace Hashdance.Actors.Support;

/// <summary>
/// An unbounded multi-producer queue of envelopes behind a lock: a <see cref="Queue{T}"/> that starts with no
/// storage. A socket actor's producers (ingress, listener, timers, its handler) rarely contend, so the lock is
/// nearly always uncontended; the count is kept apart so that the dispatcher's "anything to do?" checks take no lock.
/// </summary>
public sealed class CompactMessageQueue : IMessageQueue, IUnboundedMessageQueueSemantics
{
    private readonly Queue<Envelope> _queue = new();
    private int _count;

    public bool HasMessages => Volatile.Read(ref _count) > 0;

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(IActorRef receiver, Envelope envelope)
    {
        lock (_queue)
        {
            _queue.Enqueue(envelope);
            _count = _queue.Count;
        }
    }

    public bool TryDequeue(out Envelope envelope)
    {
        if (Volatile.Read(ref _count) == 0)
        {
            envelope = default;
            return false;
        }
        lock (_queue)
        {
            var dequeued = _queue.TryDequeue(out envelope);
            _count = _queue.Count;
            return dequeued;
        }
    }

    public void CleanUp(IActorRef owner, IMessageQueue deadletters)
    {
        while (TryDequeue(out var envelope)) deadletters.Enqueue(owner, envelope);
    }
}
