using Akka.Configuration;

namespace Hashdance.Cli.Cluster;

/// <summary>What the cluster commands share.</summary>
internal static class ClusterCli
{
    /// <summary>
    /// No Akka logging for command-line runs: Akka's default logger writes to stdout, which must hold only the summary
    /// or the one JSON object, and a killed or stopping node would log remoting errors (disassociations) there.
    /// </summary>
    public static Config QuietConfig { get; } = ConfigurationFactory.ParseString("""
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.remote.log-remote-lifecycle-events = off
        """);
}
