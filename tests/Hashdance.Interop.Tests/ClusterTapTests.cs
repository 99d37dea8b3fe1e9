using Hashdance.Interop.Tests.Infrastructure;

namespace Hashdance.Interop.Tests;

/// <summary>
/// Issue 7's multi-process case: three <c>hashdance node</c> processes in the lab's namespace (loopback remoting
/// there). The nic node owns the TAP and has no sockets; two sockets nodes serve http in one SO_REUSEPORT group. The
/// kernel's curl is therefore always answered by a socket actor on another node, through the nic node's ingress and
/// its egress relay (which routes and resolves with the nic node's ARP cache).
/// </summary>
public sealed class ClusterTapTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [InteropFact("curl")]
    public async Task Curl_through_a_nic_node_is_answered_by_socket_actors_on_other_nodes()
    {
        await using var lab = await LabNamespace.CreateAsync();
        const string seed = "akka.tcp://hashdance@127.0.0.1:25600";
        await using var nic = lab.Start("dotnet", HashdanceCli.DllPath, "node", "--roles", "nic", "--tap", LabNamespace.Tap,
            "--ip", "198.51.100.2/24", "--port", "25600");
        await using var first = lab.Start("dotnet", HashdanceCli.DllPath, "node", "--roles", "sockets", "--seed", seed,
            "--ip", "198.51.100.2/24", "--app", "http", "--app-port", "80");
        await using var second = lab.Start("dotnet", HashdanceCli.DllPath, "node", "--roles", "sockets", "--seed", seed,
            "--ip", "198.51.100.2/24", "--app", "http", "--app-port", "80");

        // Bounded: until a sockets node has joined the group the nic node resets the SYN and curl retries.
        var curl = await lab.RunAsync(Timeout, "curl", "-sS", "--connect-timeout", "2", "--retry", "60", "--retry-connrefused", "--retry-delay", "1",
            "-w", "|%{http_code}", "http://198.51.100.2/");
        Assert.Equal("Hello from Hashdance\n|200", curl.EnsureSuccess().Text);
        // Fresh connections (new source ports) spread over the group by flow hash; every one is answered.
        for (var i = 0; i < 10; i++)
        {
            var again = await lab.RunAsync(Timeout, "curl", "-sS", "-m", "10", "-w", "|%{http_code}", "http://198.51.100.2/");
            Assert.Equal("Hello from Hashdance\n|200", again.EnsureSuccess().Text);
        }

        // All three served to the end; disposing the processes ends them. (A clean stop on SIGTERM is the serve test's
        // subject; a cluster node's leave can take longer than a test should wait on a loaded machine.)
        Assert.All(new[] { first, second, nic }, node => Assert.False(node.HasExited));
    }
}
