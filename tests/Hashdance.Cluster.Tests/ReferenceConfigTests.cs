using Hashdance.Cluster;

namespace Hashdance.Cluster.Tests;

public sealed class ReferenceConfigTests
{
    [Fact]
    public void Reference_config_carries_linux_6_18_defaults()
    {
        var c = HashdanceConfig.Reference;
        Assert.Equal(1, c.GetInt("hashdance.sysctl.tcp_syncookies"));
        Assert.Equal(5, c.GetInt("hashdance.sysctl.tcp_synack_retries"));
        Assert.Equal(4096, c.GetInt("hashdance.sysctl.somaxconn"));
        Assert.Equal(new[] { 4096, 131072, 33554432 }, c.GetIntList("hashdance.sysctl.tcp_rmem"));
        Assert.Equal("in-memory", c.GetString("hashdance.links.default"));
    }
}
