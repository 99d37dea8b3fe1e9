using System.Reflection;
using Akka.Configuration;

namespace Hashdance.Cluster;

/// <summary>Loads the library's embedded HOCON reference section (<c>hashdance { … }</c>).</summary>
public static class HashdanceConfig
{
    private const string ResourceName = "Hashdance.Cluster.reference.conf";

    /// <summary>The embedded <c>reference.conf</c>; applications use it as a fallback under their own config.</summary>
    public static Config Reference { get; } = Load();

    /// <summary><see cref="Reference"/> with <see cref="HyperionBindings.Config"/>: the fallback an ActorSystem is created with.</summary>
    public static Config Full { get; } = Reference.WithFallback(HyperionBindings.Config);

    private static Config Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the assembly");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
