using Akka.Configuration;

namespace Hashdance.Cli.Cluster;

/// <summary>What the cluster commands share.</summary>
internal static class ClusterCli
{
    /// <summary>Quiet logging for command-line runs (a killed node otherwise fills stderr with remoting errors).</summary>
    public static Config QuietConfig { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = ERROR
        akka.stdout-loglevel = ERROR
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.remote.log-remote-lifecycle-events = off
        """);
}
