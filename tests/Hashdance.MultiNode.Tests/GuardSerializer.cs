using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Serialization;

namespace Hashdance.MultiNode.Tests;

/// <summary>
/// The System.Object fallback in the multi-node tests. A Hashdance message must never reach it (each has an explicit
/// Hyperion binding): those are recorded in <see cref="SerializationAudit.NonHyperionHashdanceTypes"/>. Anything else
/// that reaches it is one of Akka's own local messages checked by serialize-messages (cluster events, which JSON
/// cannot rebuild); in this single-process test it is passed through by reference, keyed by an id.
/// </summary>
public sealed class GuardSerializer(ExtendedActorSystem system) : Serializer(system)
{
    private static readonly ConcurrentDictionary<Guid, object> Parked = new();

    public override int Identifier => 7271;

    public override bool IncludeManifest => false;

    public override byte[] ToBinary(object obj)
    {
        var name = obj.GetType().FullName ?? "";
        if (name.StartsWith("Hashdance.Actors.", StringComparison.Ordinal) || name.StartsWith("Hashdance.Cluster.", StringComparison.Ordinal))
            SerializationAudit.NonHyperionHashdanceTypes.AddOrUpdate(obj.GetType(), 1, (_, n) => n + 1);
        var id = Guid.NewGuid();
        Parked[id] = obj;
        return id.ToByteArray();
    }

    public override object FromBinary(byte[] bytes, Type? type) =>
        Parked.TryRemove(new Guid(bytes), out var obj) ? obj : throw new InvalidOperationException("unknown parked object");
}
