using Akka.Hosting;

namespace Hashdance.Cluster;

/// <summary>Akka.Hosting entry point: Hashdance in an ActorSystem (and cluster) the application owns.</summary>
public static class HashdanceHostingExtensions
{
    /// <summary>
    /// Adds the <c>hashdance { … }</c> reference section and the Hyperion bindings as fallbacks under the
    /// application's HOCON, starts the stack(s) for this node's roles when the ActorSystem starts, and registers the
    /// node's manager under <see cref="HashdanceManager"/> (inject <c>IRequiredActor&lt;HashdanceManager&gt;</c>).
    /// </summary>
    public static AkkaConfigurationBuilder WithHashdance(this AkkaConfigurationBuilder builder, HashdanceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        builder.AddHocon(HashdanceConfig.Full, HoconAddMode.Append);
        builder.WithActors((system, registry) =>
        {
            var node = HashdanceExtension.Get(system).Start(options);
            registry.Register<HashdanceManager>(node.Manager);
        });
        return builder;
    }
}
