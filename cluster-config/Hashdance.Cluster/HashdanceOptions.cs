using Akka.Actor;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Time;

namespace Hashdance.Cluster;

/// <summary>What <c>WithHashdance</c> (or <see cref="HashdanceExtension.Start"/>) starts on this node.</summary>
public sealed record HashdanceOptions
{
    /// <summary>The stack's identity: address, MAC, static neighbours, sysctls, seed. The same on every node of one stack.</summary>
    public required StackSettings Stack { get; init; }

    /// <summary>This node's Hashdance roles (<see cref="HashdanceRoles"/>); null reads <c>hashdance.cluster.roles</c>.</summary>
    public IReadOnlyList<string>? Roles { get; init; }

    /// <summary>Opens the link on a <c>nic</c> node; required for that role.</summary>
    public Func<ActorSystem, ILink>? Link { get; init; }

    /// <summary>The stack clock; null uses the ActorSystem's scheduler.</summary>
    public IClock? Clock { get; init; }

    /// <summary>
    /// Apply <c>hashdance.sysctl</c> from the ActorSystem's config on top of <see cref="StackSettings.Sysctls"/>. Off
    /// by default for Hosting users (the options rule); the HOCON-only path turns it on.
    /// </summary>
    public bool SysctlsFromConfig { get; init; }
}
