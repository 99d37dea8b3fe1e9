using Akka.Configuration;
using Hashdance.Actors.Api;
using Hashdance.Actors.Cluster;
using Hashdance.Actors.Messages;

namespace Hashdance.Cluster;

/// <summary>
/// Binds every Hashdance message that may cross nodes to Hyperion, type by type (no <c>System.Object</c> fallback),
/// leaving Hyperion's <c>disallow-unsafe-type</c> on: the socket API's commands and events, and the internal messages
/// between a <c>nic</c> node's ingress and the socket actors of <c>sockets</c> nodes (<see cref="CrossNodeMessageTypes"/>).
/// Messages that never leave their node (frames from the link, hand-offs between a listener and its request socks,
/// timers) are marked <c>INoSerializationVerificationNeeded</c> where they are per-frame or per-timer.
/// </summary>
public static class HyperionBindings
{
    /// <summary>
    /// The internal messages that travel between a <c>nic</c> node and a <c>sockets</c> node. Ingress → socket:
    /// segments, hash confirmations, ICMP errors, migrated requests and children. Socket → ingress: hash and
    /// listener-table requests, TIME_WAIT hand-offs, segments handed back for another lookup, and frames for the link.
    /// </summary>
    public static IReadOnlyList<Type> CrossNodeMessageTypes { get; } =
    [
        typeof(SegmentArrived), typeof(SynFromTimeWait), typeof(IcmpErrorArrived), typeof(MigrateRequest),
        typeof(Hashed), typeof(HashFailed), typeof(Unhashed), typeof(ReplaceFailed), typeof(TimeWaitHashed),
        typeof(ListenerAdded), typeof(ListenerAddFailed), typeof(ConnectHashed), typeof(ConnectHashFailed),
        typeof(EhashInsert), typeof(EhashReplace), typeof(EhashRemove), typeof(ListenerAdd), typeof(ListenerRemove),
        typeof(ConnectHash), typeof(TimeWaitHandOff), typeof(RemoteFrame), typeof(NicEndpoint),
        // A closing member's un-accepted children: moved to (or reset by) the ingress, accepted by a member elsewhere.
        typeof(MigrateChild), typeof(ListenerClosed), typeof(Accepted),
    ];

    /// <summary>
    /// The message types bound to Hyperion: the socket API's commands and events, then every internal message (those
    /// that cross nodes, and the local ones too, so <c>serialize-messages = on</c> checks them all with Hyperion).
    /// </summary>
    public static IReadOnlyList<Type> MessageTypes { get; } = typeof(TcpCommand).Assembly.GetTypes()
        .Where(t => t is { IsPublic: true, IsAbstract: false } && (typeof(TcpCommand).IsAssignableFrom(t) || typeof(TcpEvent).IsAssignableFrom(t)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Concat(typeof(Hashed).Assembly.GetTypes()
            .Where(t => t is { IsPublic: true, IsAbstract: false, IsClass: true } && t.Namespace == typeof(Hashed).Namespace)
            .OrderBy(t => t.FullName, StringComparer.Ordinal))
        .Concat([typeof(RemoteFrame), typeof(NicEndpoint)])
        .ToList();

    /// <summary>HOCON that registers Hyperion and binds <see cref="MessageTypes"/> to it.</summary>
    public static Config Config { get; } = Build();

    private static Config Build()
    {
        var bindings = string.Join("\n", MessageTypes.Select(t => $"      \"{t.FullName}, {t.Assembly.GetName().Name}\" = hyperion"));
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers { hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion" }
              # Hyperion's default, stated so an application's config cannot silently lose it.
              serialization-settings.hyperion.disallow-unsafe-type = true
              serialization-bindings {
            {{bindings}}
              }
            }
            """);
    }
}
