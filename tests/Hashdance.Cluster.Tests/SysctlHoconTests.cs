using Akka.Configuration;
using Hashdance.Cluster;
using Hashdance.Protocol.Config;

namespace Hashdance.Cluster.Tests;

public sealed class SysctlHoconTests
{
    [Fact]
    public void The_reference_section_reproduces_the_linux_defaults()
    {
        Assert.Equal(TcpSysctls.Default, SysctlHocon.Read(HashdanceConfig.Reference));
    }

    [Fact]
    public void Application_hocon_overrides_scalars_and_vectors_by_linux_name()
    {
        var config = ConfigurationFactory.ParseString("""
            hashdance.sysctl {
              tcp_syncookies = 2
              somaxconn = 128
              tcp_rmem = [4096, 87380, 6291456]
              tcp_abort_on_overflow = 1
            }
            """).WithFallback(HashdanceConfig.Reference);
        var s = SysctlHocon.Read(config);
        Assert.Equal(2, s.TcpSyncookies);
        Assert.Equal(128, s.Somaxconn);
        Assert.Equal(new TcpBufferSizes(4096, 87380, 6291456), s.TcpRmem);
        Assert.Equal(1, s.TcpAbortOnOverflow);
        Assert.Equal(5, s.TcpSynackRetries);
    }

    [Fact]
    public void Unknown_names_and_bad_values_are_reported_not_ignored()
    {
        var config = ConfigurationFactory.ParseString("hashdance.sysctl { tcp_synccookies = 1, tcp_sack = banana }");
        var e = Assert.Throws<ConfigurationException>(() => SysctlHocon.Read(config));
        Assert.Contains("tcp_synccookies", e.Message);
        Assert.Contains("tcp_sack", e.Message);
    }
}
