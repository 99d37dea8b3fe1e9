using System.Collections.Concurrent;
using Akka.Configuration;

namespace Hashdance.MultiNode.Tests;

/// <summary>
/// What the serializers saw during a test: how many times Hyperion serialized each type, and which Hashdance types
/// reached any other serializer (there must be none). Process-wide; tests run one at a time and reset it.
/// </summary>
public static class SerializationAudit
{
    public static readonly ConcurrentDictionary<Type, int> HyperionCounts = new();
    public static readonly ConcurrentDictionary<Type, int> NonHyperionHashdanceTypes = new();

    public static void Reset()
    {
        HyperionCounts.Clear();
        NonHyperionHashdanceTypes.Clear();
    }

    public static int Count(Type type) => HyperionCounts.GetValueOrDefault(type);

    /// <summary>
    /// Every node runs with serialize-messages = on, Hyperion replaced by <see cref="CountingHyperionSerializer"/>,
    /// and the System.Object fallback replaced by <see cref="GuardSerializer"/>.
    /// </summary>
    public static Config NodeConfig { get; } = ConfigurationFactory.ParseString("""
        akka.actor {
          serialize-messages = on
          serializers {
            hyperion = "Hashdance.MultiNode.Tests.CountingHyperionSerializer, Hashdance.MultiNode.Tests"
            guard = "Hashdance.MultiNode.Tests.GuardSerializer, Hashdance.MultiNode.Tests"
          }
          serialization-bindings { "System.Object" = guard }
        }
        """);
}
