using Akka.Actor;

namespace Hashdance.Cluster;

/// <summary>
/// Hashdance for applications that configure Akka with HOCON and create their own ActorSystem: create it with
/// <see cref="HashdanceConfig.Full"/> as a fallback, then <c>HashdanceExtension.Get(system).Start(options)</c>. One
/// node per ActorSystem; <see cref="Node"/> gives the manager afterwards.
/// </summary>
public sealed class HashdanceExtension : IExtension
{
    private readonly ExtendedActorSystem _system;
    private readonly object _gate = new();
    private HashdanceNode? _node;

    public HashdanceExtension(ExtendedActorSystem system) => _system = system;

    public static HashdanceExtension Get(ActorSystem system) => system.WithExtension<HashdanceExtension, HashdanceExtensionProvider>();

    /// <summary>The node started by <see cref="Start"/>; null before.</summary>
    public HashdanceNode? Node
    {
        get
        {
            lock (_gate) return _node;
        }
    }

    /// <summary>
    /// Starts Hashdance on this node once. Without Hosting, roles and sysctls come from <c>hashdance { … }</c> unless
    /// the options set them. Message types not yet bound to Hyperion (a config without the bindings) are bound now.
    /// </summary>
    public HashdanceNode Start(HashdanceOptions options)
    {
        lock (_gate)
        {
            if (_node is not null) throw new InvalidOperationException("Hashdance is already started in this ActorSystem");
            EnsureHyperionBindings();
            _node = HashdanceNode.Start(_system, options);
            return _node;
        }
    }

    /// <summary>
    /// Adds <see cref="HashdanceConfig.Full"/> under the system's config. Akka rebuilds its Serialization from the
    /// config when a fallback is injected, so bindings the application's config lacked take effect now (bindings it
    /// has keep priority).
    /// </summary>
    private void EnsureHyperionBindings() => _system.Settings.InjectTopLevelFallback(HashdanceConfig.Full);
}
