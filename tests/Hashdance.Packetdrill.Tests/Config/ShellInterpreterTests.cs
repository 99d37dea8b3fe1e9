using Hashdance.Packetdrill.Config;
using Hashdance.Protocol.Config;

namespace Hashdance.Packetdrill.Tests.Config;

public sealed class ShellInterpreterTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pd-shell-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ShellOutcome Run(string text, StackEnvironment? environment = null) =>
        new ShellInterpreter(_directory).Run(text, environment ?? new StackEnvironment());

    [Fact]
    public void A_defaults_file_is_run_line_by_line_with_arithmetic_quotes_and_redirections()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "common"));
        File.WriteAllText(Path.Combine(_directory, "common", "defaults.sh"), """
            #!/bin/bash
            # comment
            ip tcp_metrics flush all > /dev/null 2>&1
            sysctl -q net.ipv4.tcp_rmem="4096 540000 $((15*1024*1024))"
            sysctl -q net.ipv4.tcp_early_retrans=4 net.ipv4.tcp_recovery=1
            sysctl -q net.ipv4.tcp_notsent_lowat=4294967295 > /dev/null 2>&1
            sysctl -q net.ipv4.tcp_fastopen_key=a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4
            tc qdisc add dev tun0 root pfifo
            """);
        var outcome = Run("common/defaults.sh\n ./common/set_sysctls.py /proc/sys/net/ipv4/tcp_fastopen=0x202");
        Assert.Null(outcome.Error);
        var sysctls = outcome.Environment.Sysctls;
        Assert.Equal(new TcpBufferSizes(4096, 540_000, 15_728_640), sysctls.TcpRmem);
        Assert.Equal(4, sysctls.TcpEarlyRetrans);
        Assert.Equal(0x202, sysctls.TcpFastopen);
        Assert.Equal("a1a1a1a1-b2b2b2b2-c3c3c3c3-d4d4d4d4", sysctls.Get("net.ipv4.tcp_fastopen_key"));
        Assert.Equal([Path.Combine(_directory, "common", "defaults.sh")], outcome.FilesRun);
        Assert.Equal(2, outcome.Notes.Count);
        Assert.Contains(outcome.Notes, n => n.StartsWith("ignored 'tc qdisc"));
    }

    [Theory]
    [InlineData("sysctl -q net.ipv4.tcp_bogus=1", "sysctl net.ipv4.tcp_bogus=1: unknown sysctl")]
    [InlineData("sysctl -q net.ipv4.tcp_syncookies=nine", "sysctl net.ipv4.tcp_syncookies=nine:")]
    [InlineData("modprobe tcp_bbr", "unsupported command 'modprobe tcp_bbr'")]
    [InlineData("./missing.sh", "command './missing.sh' not found")]
    [InlineData("echo 1 > /sys/module/tcp_bbr/parameters/x", "echo writes only CUBIC's module parameters")]
    [InlineData("echo 9 > /sys/module/tcp_cubic/parameters/hystart_detect", "tcp_cubic.hystart_detect")]
    [InlineData("ip route change 192.0.2.1 via 192.168.0.2 dev tun0 advmss 1400 mtu lock 1500", "cannot be modelled")]
    public void Unknown_commands_and_sysctls_are_errors_not_silently_ignored(string command, string message)
    {
        var outcome = Run(command);
        Assert.NotNull(outcome.Error);
        Assert.Contains(message, outcome.Error);
    }

    [Fact]
    public void Link_mtu_and_a_route_whose_advmss_is_its_mtu_minus_40_set_the_device_mtu()
    {
        Assert.Equal(9000, Run("ip link set dev tun0 mtu 9000").Environment.Mtu);
        var route = Run("ip route change 192.0.2.2 via 192.168.0.2 dev tun0 advmss 1430 mtu lock 1470",
            new StackEnvironment { RemoteAddress = Hashdance.Protocol.Wire.Ipv4Address.Parse("192.0.2.2") });
        Assert.Null(route.Error);
        Assert.Equal(1470, route.Environment.Mtu);
        var elsewhere = Run("ip route change 10.0.0.1 via 192.168.0.2 dev tun0 advmss 1000");
        Assert.Null(elsewhere.Error);
        Assert.Equal(1500, elsewhere.Environment.Mtu);
    }

    [Fact]
    public void The_restore_script_ethtool_and_nstat_are_noted()
    {
        var outcome = Run("/tmp/sysctl_restore_${PPID}.sh; ethtool -K tun0 tso off && nstat -n");
        Assert.Null(outcome.Error);
        Assert.Equal(3, outcome.Notes.Count);
    }

    [Fact]
    public void Shell_arithmetic()
    {
        Assert.Equal(15_728_640, Arithmetic.Evaluate("15*1024*1024"));
        Assert.Equal(7, Arithmetic.Evaluate("(1 + 2) * 3 - 0x2"));
        Assert.Throws<FormatException>(() => Arithmetic.Evaluate("1 +"));
    }

    [Fact]
    public void Echo_into_cubic_module_parameters_sets_them_and_echo_to_dev_null_is_a_no_op()
    {
        var outcome = Run("echo 2 > /sys/module/tcp_cubic/parameters/hystart_detect\necho 0 > /sys/module/tcp_cubic/parameters/hystart\necho hi > /dev/null");
        Assert.Null(outcome.Error);
        Assert.Equal(2, outcome.Environment.Sysctls.CubicHystartDetect);
        Assert.Equal(0, outcome.Environment.Sysctls.CubicHystart);
    }
}
