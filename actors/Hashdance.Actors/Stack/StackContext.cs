using Akka.Actor;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Time;

namespace Hashdance.Actors.Stack;

/// <summary>
/// What every socket actor of one stack shares: settings, sysctls, secrets, counters, the clock, the egress and the
/// ingress that owns the hash tables. The per-netns state of the kernel (struct net) in one object. Local only:
/// actors on other nodes get what they need in their messages.
/// </summary>
public sealed class StackContext
{
    public StackContext(StackSettings settings, MibCounters mib, IClock clock, Egress.Egress egress)
    {
        Settings = settings;
        Mib = mib;
        Clock = clock;
        Egress = egress;
        Secrets = new TcpSecrets(settings.Seed);
        _sysctls = settings.Sysctls;
    }

    private TcpSysctls _sysctls;

    public StackSettings Settings { get; }
    /// <summary>
    /// The sysctls in force. Settable while the stack runs, as <c>sysctl -w</c> is: sockets created afterwards see the
    /// new values (a listener and its children keep those they were created with).
    /// </summary>
    public TcpSysctls Sysctls
    {
        get => Volatile.Read(ref _sysctls);
        set => Volatile.Write(ref _sysctls, value ?? throw new ArgumentNullException(nameof(value)));
    }
    public MibCounters Mib { get; }
    public IClock Clock { get; }
    public Egress.Egress Egress { get; }
    public TcpSecrets Secrets { get; }

    /// <summary>Test-only: where socket actors may be made to fail (null in production; see <see cref="ICrashPoints"/>).</summary>
    public ICrashPoints? CrashPoints { get; set; }

    private ConnectionSettings? _defaultConnectionSettings;

    /// <summary>
    /// The settings of an active socket opened with default options, shared by all of them while the sysctls stay
    /// the same (a socket that sets an option gets its own copy).
    /// </summary>
    public ConnectionSettings DefaultConnectionSettings
    {
        get
        {
            var sysctls = Sysctls;
            var shared = Volatile.Read(ref _defaultConnectionSettings);
            if (shared is not null && ReferenceEquals(shared.Sysctls, sysctls)) return shared;
            shared = new ConnectionSettings(sysctls, SocketOptions.Default, Settings.RouteAdvMss, Secrets, Mib) { PathMtus = PathMtus };
            Volatile.Write(ref _defaultConnectionSettings, shared);
            return shared;
        }
    }

    /// <summary>The path MTUs this stack has learned per destination (its route exceptions), shared by its sockets.</summary>
    public PathMtuCache PathMtus { get; } = new();

    /// <summary>The NicIngress actor; set once by the stack root before any socket exists.</summary>
    public IActorRef Ingress { get; internal set; } = ActorRefs.Nobody;
}
