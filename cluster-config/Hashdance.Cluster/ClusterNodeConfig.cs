using Akka.Configuration;

namespace Hashdance.Cluster;

/// <summary>
/// The Akka settings of one Hashdance cluster node over loopback remoting: the cluster provider, DotNetty TCP on
/// 127.0.0.1 (port 0 picks a free port), the node's Hashdance roles also as its Akka cluster roles (how sockets nodes
/// find the nic node), Hyperion bindings and the Hashdance reference section as fallbacks.
/// </summary>
public static class ClusterNodeConfig
{
    /// <param name="autoDown">
    /// True for a standing deployment: the split-brain resolver keeps the oldest member's side (normally the nic node,
    /// which starts the cluster) and downs an unreachable node after 5 s, so a crashed sockets node's entries leave the
    /// ingress on their own. False (experiments and tests) leaves downing to the caller, who kills nodes on purpose,
    /// and a downed node does not shut itself down (it would otherwise unhash its sockets in PostStop, which a crashed
    /// node does not do).
    /// </param>
    public static Config For(IReadOnlyList<string> roles, int port = 0, string hostname = "127.0.0.1", IEnumerable<string>? seeds = null,
        bool autoDown = false)
    {
        var roleList = string.Join(", ", roles.Select(r => $"\"{r}\""));
        var seedList = string.Join(", ", (seeds ?? []).Select(s => $"\"{s}\""));
        var downing = autoDown
            ? """
              downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
              split-brain-resolver { active-strategy = keep-oldest, stable-after = 5s, keep-oldest.down-if-alone = on }
              """
            : """
              downing-provider-class = ""
              run-coordinated-shutdown-when-down = off
              """;
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
            {{downing}}
              }
            }
            hashdance.cluster.roles = [{{roleList}}]
            """).WithFallback(HashdanceConfig.Full);
    }
}
