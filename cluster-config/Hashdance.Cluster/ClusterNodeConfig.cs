using Akka.Configuration;

namespace Hashdance.Cluster;

/// <summary>
/// The Akka settings of one Hashdance cluster node over loopback remoting: the cluster provider, DotNetty TCP on
/// 127.0.0.1 (port 0 picks a free port), the node's roles as Akka cluster roles, Hyperion bindings and the
/// Hashdance reference section as fallbacks. Downing is explicit: a node is only removed when someone downs it.
/// </summary>
public static class ClusterNodeConfig
{
    public static Config For(IReadOnlyList<string> roles, int port = 0, string hostname = "127.0.0.1", IEnumerable<string>? seeds = null)
    {
        var roleList = string.Join(", ", roles.Select(r => $"\"{r}\""));
        var seedList = string.Join(", ", (seeds ?? []).Select(s => $"\"{s}\""));
        return ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              actor.provider = cluster
              remote.dot-netty.tcp {
                hostname = "{{hostname}}", port = {{port}}
                # Segments cross nodes one message at a time: DotNetty's write batching would hold each for up to its
                # flush interval (40 ms), which a handshake pays on every hop.
                batching.enabled = false
              }
              cluster {
                roles = [{{roleList}}]
                seed-nodes = [{{seedList}}]
                # A downed node must not run its own shutdown before the others have fenced it off (it would
                # otherwise unhash its sockets in PostStop, which is not what a crashed node does).
                run-coordinated-shutdown-when-down = off
                downing-provider-class = ""
              }
            }
            hashdance.cluster.roles = [{{roleList}}]
            """).WithFallback(HashdanceConfig.Full);
    }
}
