using Akka.Configuration;
using Hashdance.Actors.Api;

namespace Hashdance.Cluster;

/// <summary>
/// Binds every Hashdance message that may cross nodes to Hyperion, type by type (no <c>System.Object</c> fallback),
/// leaving Hyperion's <c>disallow-unsafe-type</c> on. Frames and other hot-path messages are local-only and marked
/// <c>INoSerializationVerificationNeeded</c>.
/// </summary>
public static class HyperionBindings
{
    /// <summary>The message types bound to Hyperion: the socket API's commands and events.</summary>
    public static IReadOnlyList<Type> MessageTypes { get; } = typeof(TcpCommand).Assembly.GetTypes()
        .Where(t => t is { IsPublic: true, IsAbstract: false } && (typeof(TcpCommand).IsAssignableFrom(t) || typeof(TcpEvent).IsAssignableFrom(t)))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToList();

    /// <summary>HOCON that registers Hyperion and binds <see cref="MessageTypes"/> to it.</summary>
    public static Config Config { get; } = Build();

    private static Config Build()
    {
        var bindings = string.Join("\n", MessageTypes.Select(t => $"      \"{t.FullName}, {t.Assembly.GetName().Name}\" = hyperion"));
        return ConfigurationFactory.ParseString($$"""
            akka.actor {
              serializers { hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion" }
              serialization-bindings {
            {{bindings}}
              }
            }
            """);
    }
}
