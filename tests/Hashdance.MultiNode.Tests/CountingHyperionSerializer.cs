using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace Hashdance.MultiNode.Tests;

/// <summary>Hyperion, counting every object it serializes into <see cref="SerializationAudit.HyperionCounts"/>.</summary>
public sealed class CountingHyperionSerializer : HyperionSerializer
{
    public CountingHyperionSerializer(ExtendedActorSystem system) : base(system)
    {
    }

    public CountingHyperionSerializer(ExtendedActorSystem system, Config config) : base(system, config)
    {
    }

    public override byte[] ToBinary(object obj)
    {
        SerializationAudit.HyperionCounts.AddOrUpdate(obj.GetType(), 1, (_, n) => n + 1);
        return base.ToBinary(obj);
    }
}
