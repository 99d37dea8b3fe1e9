using Hashdance.Packetdrill.Config;
using Hashdance.Packetdrill.Language;
using Hashdance.Protocol.Config;

namespace Hashdance.Packetdrill.Tests.Config;

public sealed class ScriptEnvironmentBuilderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("pd-env-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ScriptSetup Build(string source, string name = "t.pkt", int ip = 4, IReadOnlyDictionary<string, string>? defines = null)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, source);
        Assert.True(ScriptParser.TryParseFile(path, out var script, out var error), error?.ToString());
        return ScriptEnvironmentBuilder.Build(script, ip, defines ?? new Dictionary<string, string>());
    }

    [Fact]
    public void Scripts_without_a_defaults_file_run_on_the_linux_311_profile()
    {
        var setup = Build("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
        Assert.Equal("linux-3.11", setup.Environment.Profile);
        Assert.Equal(TcpSysctls.Linux311Profile, setup.Environment.Sysctls);
        var routeOnly = Build("--remote_ip=\"192.0.2.2\"\n`ip route change 192.0.2.2 via 192.168.0.2 dev tun0 advmss 1430 mtu lock 1470`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
        Assert.Equal("linux-3.11", routeOnly.Environment.Profile);
        Assert.Equal(1470, routeOnly.Environment.Mtu);
    }

    [Fact]
    public void Scripts_that_run_defaults_start_from_linux_618()
    {
        File.WriteAllText(Path.Combine(_directory, "defaults.sh"), "sysctl -q net.ipv4.tcp_rmem=\"4096 540000 15728640\"\n");
        var setup = Build("--tolerance_usecs=10000\n--tcp_ts_tick_usecs=1000\n`./defaults.sh`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
        Assert.Null(setup.Error);
        Assert.Equal("linux-6.18", setup.Environment.Profile);
        Assert.Equal(15_728_640, setup.Environment.Sysctls.TcpRmem.Max);
        Assert.Equal(TcpSysctls.Default.TcpEcn, setup.Environment.Sysctls.TcpEcn);
        Assert.Equal(10_000, setup.Options.ToleranceMicros);
        Assert.Equal(1000, setup.Options.TsTickMicros);
    }

    [Fact]
    public void A_folder_with_packetdrill_setup_sh_is_run_as_gvisors_runner()
    {
        File.WriteAllText(Path.Combine(_directory, "packetdrill_setup.sh"), "sysctl -q net.ipv4.tcp_sack=1\nsysctl -q net.ipv4.tcp_rmem=\"4096 2097152 $((8*1024*1024))\"\nexit 0\n");
        var setup = Build("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
        Assert.Equal("gvisor-runner", setup.Environment.Profile);
        Assert.Equal(8 * 1024 * 1024, setup.Environment.Sysctls.TcpRmem.Max);
        Assert.Equal(ScriptEnvironmentBuilder.GvisorToleranceMicros, setup.Options.ToleranceMicros);
    }

    [Fact]
    public void Ipv6_runs_and_ipv6_only_scripts_are_skipped_and_init_errors_name_the_line()
    {
        Assert.Contains("IPv4-only", Build("0 close(3) = 0", ip: 6).SkipReason);
        Assert.Contains("ipv6", Build("--ip_version=ipv6\n0 close(3) = 0").SkipReason);
        Assert.NotNull(Build("0 close(3) = 0", name: "x-v6.pkt").SkipReason);
        var error = Build("// c\n`sysctl -q net.ipv4.tcp_nonsense=1`\n0 close(3) = 0").Error;
        Assert.StartsWith("line 2: init command: sysctl net.ipv4.tcp_nonsense=1: unknown sysctl", error);
    }

    [Fact]
    public void Runner_symbols_can_be_overridden()
    {
        var setup = Build("0 close(3) = 0", defines: new Dictionary<string, string> { ["TFO_COOKIE"] = "00" });
        Assert.Equal("00", Defines.Resolve(setup.Defines, "TFO_COOKIE"));
        Assert.Equal("b7c12350a90dc8f5", Defines.Resolve(setup.Defines, "TFO_COOKIE_ZERO"));
        Assert.Equal("host_unreachable", Defines.Resolve(setup.Defines, "CODE"));
        Assert.Equal("frag_needed", Defines.Resolve(setup.Defines, "frag_needed"));
    }
}
