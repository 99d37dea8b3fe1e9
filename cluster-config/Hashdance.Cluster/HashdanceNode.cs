using Akka.Actor;
using Hashdance.Actors.Cluster;
using Hashdance.Actors.Stack;

namespace Hashdance.Cluster;

/// <summary>
/// Hashdance on one node, started per its roles. <see cref="Manager"/> takes <c>Bind</c>/<c>Connect</c> at once: on a
/// <c>sockets</c>-only node it holds them until the <c>nic</c> node is found, then passes them to the local stack.
/// </summary>
public sealed class HashdanceNode
{
    internal HashdanceNode(IReadOnlyList<string> roles, IActorRef manager, HashdanceStack? nic, Task<HashdanceStack>? sockets)
    {
        Roles = roles;
        Manager = manager;
        NicStack = nic;
        SocketsStack = sockets;
    }

    public IReadOnlyList<string> Roles { get; }

    /// <summary>Where this node's users send <c>Bind</c> and <c>Connect</c>.</summary>
    public IActorRef Manager { get; }

    /// <summary>The stack owning the link and its ingress; null unless the node has the <c>nic</c> role.</summary>
    public HashdanceStack? NicStack { get; }

    /// <summary>
    /// The stack whose listeners and connections run on this node; completes once it can serve (at once on a node that
    /// is also <c>nic</c>, after the <c>nic</c> node was found otherwise). Null on a <c>nic</c>-only node.
    /// </summary>
    public Task<HashdanceStack>? SocketsStack { get; }

    /// <summary>Starts the stack(s) for <paramref name="options"/> in <paramref name="system"/>.</summary>
    public static HashdanceNode Start(ActorSystem system, HashdanceOptions options)
    {
        var roles = options.Roles ?? HashdanceRoles.Parse(system.Settings.Config.GetStringList("hashdance.cluster.roles"));
        var settings = options.SysctlsFromConfig
            ? options.Stack with { Sysctls = SysctlHocon.Read(system.Settings.Config, options.Stack.Sysctls) }
            : options.Stack;
        HashdanceStack? nic = null;
        if (roles.Contains(HashdanceRoles.Nic))
        {
            var link = (options.Link ?? throw new ArgumentException("the nic role needs a link (HashdanceOptions.Link)"))(system);
            nic = HashdanceStack.Start(system, settings, link, options.Clock);
            system.ActorOf(EgressRelay.Props(nic.Context.Egress), EgressRelay.NameFor(settings.Name));
        }
        if (!roles.Contains(HashdanceRoles.Sockets)) return new HashdanceNode(roles, nic!.Manager, nic, null);
        if (nic is not null) return new HashdanceNode(roles, nic.Manager, nic, Task.FromResult(nic));
        var ready = new TaskCompletionSource<HashdanceStack>(TaskCreationOptions.RunContinuationsAsynchronously);
        var front = system.ActorOf(SocketsFront.Props(settings, options.Clock, ready), $"hashdance-{settings.Name}-sockets");
        return new HashdanceNode(roles, front, null, ready.Task);
    }
}
