using Akka.Actor;
using Akka.Cluster;
using Hashdance.Actors.Cluster;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Time;

namespace Hashdance.Cluster;

/// <summary>
/// The manager of a <c>sockets</c>-only node until its stack can serve: it watches the cluster for a member with the
/// <c>nic</c> role, identifies that node's ingress and egress relay, starts the local socket half of the stack
/// against them, then forwards every <c>Bind</c>/<c>Connect</c> (held until then) to the stack's manager. Locating
/// the nic node is the only cluster-aware step; afterwards every message is a direct IActorRef tell.
/// </summary>
public sealed class SocketsFront : UntypedActor, IWithUnboundedStash, IWithTimers
{
    private const string RetryKey = "identify";
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(250);

    private readonly StackSettings _settings;
    private readonly IClock? _clock;
    private readonly TaskCompletionSource<HashdanceStack> _ready;
    private Address? _nicNode;
    private IActorRef? _ingress;
    private IActorRef? _relay;
    private IActorRef? _manager;

    public SocketsFront(StackSettings settings, IClock? clock, TaskCompletionSource<HashdanceStack> ready)
    {
        _settings = settings;
        _clock = clock;
        _ready = ready;
    }

    public static Props Props(StackSettings settings, IClock? clock, TaskCompletionSource<HashdanceStack> ready) =>
        Akka.Actor.Props.Create(() => new SocketsFront(settings, clock, ready));

    public IStash Stash { get; set; } = null!;
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record Retry
    {
        public static Retry Instance { get; } = new();
    }

    protected override void PreStart() =>
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.InitialStateAsEvents, typeof(ClusterEvent.MemberUp));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);

    protected override void OnReceive(object message)
    {
        if (_manager is not null)
        {
            if (message is not ClusterEvent.IMemberEvent) _manager.Forward(message);
            return;
        }
        switch (message)
        {
            case ClusterEvent.MemberUp up when _nicNode is null && up.Member.HasRole(HashdanceRoles.Nic):
                _nicNode = up.Member.Address;
                Identify();
                break;
            case ClusterEvent.IMemberEvent:
                break;
            case Retry:
                Identify();
                break;
            case ActorIdentity { Subject: null }:
                // The nic node is up but its stack is not started yet.
                Timers.StartSingleTimer(RetryKey, Retry.Instance, RetryInterval);
                break;
            case ActorIdentity identity:
                if (Equals(identity.MessageId, "ingress")) _ingress = identity.Subject;
                else _relay = identity.Subject;
                if (_ingress is not null && _relay is not null) StartStack();
                break;
            default:
                Stash.Stash();
                break;
        }
    }

    private void Identify()
    {
        var root = new RootActorPath(_nicNode!);
        var manager = root / "user" / $"hashdance-{_settings.Name}";
        if (_ingress is null) Context.ActorSelection(manager / "ingress").Tell(new Identify("ingress"));
        if (_relay is null) Context.ActorSelection(root / "user" / EgressRelay.NameFor(_settings.Name)).Tell(new Identify("relay"));
    }

    private void StartStack()
    {
        var stack = HashdanceStack.StartOnRemoteNic(Context.System, _settings, new NicEndpoint(_ingress!, _relay!), _clock);
        _manager = stack.Manager;
        Stash.UnstashAll();
        _ready.TrySetResult(stack);
    }
}
