using Akka.Actor;

namespace Hashdance.Cluster;

/// <summary>Creates the one <see cref="HashdanceExtension"/> of an ActorSystem.</summary>
public sealed class HashdanceExtensionProvider : ExtensionIdProvider<HashdanceExtension>
{
    public override HashdanceExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
