using Akka.Actor;
using Akka.Dispatch;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Messages;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;

namespace Hashdance.TestKit;

/// <summary>
/// Messages lost between named actors of the stack: each rule drops the next <c>count</c> messages of one type from
/// one kind of actor to another, before they reach the receiver's mailbox (the <see cref="ManualDispatcher"/> asks
/// <see cref="ShouldDrop"/> for every message). A dropped frame is given back to its pool, as a lost one would be.
/// </summary>
public sealed class MessageDropPlan
{
    private readonly List<Rule> _rules = new();
    private readonly List<object> _dropped = new();

    /// <summary>The messages dropped so far, in order.</summary>
    public IReadOnlyList<object> Dropped => _dropped;

    /// <summary>Drops the next <paramref name="count"/> <typeparamref name="TMessage"/>s from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public MessageDropPlan Drop<TMessage>(StackActorKind from, StackActorKind to, int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        _rules.Add(new Rule(typeof(TMessage), from, to, count));
        return this;
    }

    /// <summary>Whether the message in <paramref name="envelope"/> for <paramref name="receiver"/> is lost (it is then counted and disposed).</summary>
    public bool ShouldDrop(ActorCell receiver, Envelope envelope)
    {
        var message = envelope.Message;
        for (var i = 0; i < _rules.Count; i++)
        {
            var rule = _rules[i];
            if (!rule.Type.IsInstanceOfType(message)) continue;
            if (!Matches(rule.To, receiver.Props.Type) || !Matches(rule.From, SenderType(envelope.Sender))) continue;
            if (--rule.Remaining == 0) _rules.RemoveAt(i);
            _dropped.Add(message);
            switch (message)
            {
                case SegmentArrived segment:
                    segment.Frame.Dispose();
                    break;
                case FrameSlot slot:
                    // A frame in its pooled slot (link → ingress, ingress → a local socket in the ehash).
                    slot.Claim(out _).Dispose();
                    break;
            }
            return true;
        }
        return false;
    }

    private static Type? SenderType(IActorRef? sender) => sender is ActorRefWithCell { Underlying: { } cell } ? cell.Props.Type : null;

    private static bool Matches(StackActorKind kind, Type? actorType) => kind switch
    {
        StackActorKind.Any => true,
        StackActorKind.Manager => actorType == typeof(TcpManager),
        StackActorKind.Ingress => actorType == typeof(NicIngress),
        StackActorKind.Listener => actorType == typeof(ListenerActor),
        StackActorKind.RequestSock => actorType == typeof(RequestSockActor),
        StackActorKind.Connection => actorType == typeof(ConnectionActor),
        _ => false,
    };

    private sealed class Rule(Type type, StackActorKind from, StackActorKind to, int count)
    {
        public Type Type { get; } = type;
        public StackActorKind From { get; } = from;
        public StackActorKind To { get; } = to;
        public int Remaining { get; set; } = count;
    }
}
