using System.Globalization;
using Hashdance.Packetdrill.Language;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Config;

/// <summary>
/// Decides how a script runs, as the upstream runners would run it:
/// <list type="bullet">
/// <item>A script in a folder with <c>packetdrill_setup.sh</c> belongs to gVisor's runner: Linux 6.18 defaults,
/// then that file (its <c>--init_scripts</c>), and a 100 ms default tolerance.</item>
/// <item>A script whose init command runs no shell file (no defaults.sh) predates the defaults files: it runs on
/// the documented Linux 3.11 profile (<see cref="TcpSysctls.Linux311Profile"/>), which gives its <c>wscale 6</c>.</item>
/// <item>Otherwise: Linux 6.18 defaults, then the init command.</item>
/// </list>
/// Flags at the top of the script set tolerances, the TS tick, the IP family and the addresses.
/// </summary>
public static class ScriptEnvironmentBuilder
{
    public const string GvisorSetupFile = "packetdrill_setup.sh";
    public const long GvisorToleranceMicros = 100_000;

    public static ScriptSetup Build(PacketdrillScript script, int ipVersion, IReadOnlyDictionary<string, string> defineOverrides)
    {
        var notes = new List<string>();
        var defines = Defines.With(defineOverrides);
        var directory = Path.GetDirectoryName(Path.GetFullPath(script.Path)) ?? ".";
        var gvisor = File.Exists(Path.Combine(directory, GvisorSetupFile));
        var options = new RunOptions { ToleranceMicros = gvisor ? GvisorToleranceMicros : 4000 };
        var environment = new StackEnvironment();

        string? error = null;
        foreach (var option in script.Options)
        {
            error = ApplyOption(option, ref options, ref environment, notes);
            if (error is not null) break;
        }
        string? skip = null;
        if (ipVersion == 6) skip = "IPv6 runs are skipped: the stack is IPv4-only";
        else if (options.IpVersion != "ipv4") skip = $"the script runs only as {options.IpVersion} (--ip_version); the stack is IPv4-only";
        else if (Path.GetFileNameWithoutExtension(script.Path).EndsWith("v6", StringComparison.Ordinal)) skip = "an IPv6-only script (*v6.pkt); the stack is IPv4-only";
        if (skip is not null || error is not null)
            return new ScriptSetup(environment, options, defines, notes, skip, error);

        var interpreter = new ShellInterpreter(directory);
        if (gvisor)
        {
            var setup = interpreter.Run(File.ReadAllText(Path.Combine(directory, GvisorSetupFile)), environment with { Profile = "gvisor-runner" });
            notes.AddRange(setup.Notes);
            if (setup.Error is not null) return new ScriptSetup(environment, options, defines, notes, null, $"{GvisorSetupFile}: {setup.Error}");
            environment = setup.Environment;
        }
        if (script.InitCommand is { } init)
        {
            var outcome = interpreter.Run(init.Text, environment);
            if (outcome.Error is null && !gvisor && outcome.FilesRun.Count == 0)
                outcome = interpreter.Run(init.Text, environment with { Sysctls = TcpSysctls.Linux311Profile, Profile = "linux-3.11" });
            notes.AddRange(outcome.Notes);
            if (outcome.Error is not null)
                return new ScriptSetup(environment, options, defines, notes, null, $"line {init.Line}: init command: {outcome.Error}");
            environment = outcome.Environment;
        }
        else if (!gvisor)
        {
            environment = environment with { Sysctls = TcpSysctls.Linux311Profile, Profile = "linux-3.11" };
        }
        return new ScriptSetup(environment, options, defines, notes, null, null);
    }

    private static string? ApplyOption(ScriptOption option, ref RunOptions options, ref StackEnvironment environment, List<string> notes)
    {
        var value = option.Value;
        switch (option.Name)
        {
            case "tolerance_usecs":
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var micros)) return Bad(option);
                options = options with { ToleranceMicros = micros };
                return null;
            case "tolerance_percent":
                if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var percent)) return Bad(option);
                options = options with { TolerancePercent = percent };
                return null;
            case "tcp_ts_tick_usecs":
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var tick) || tick <= 0) return Bad(option);
                options = options with { TsTickMicros = tick };
                return null;
            case "tcp_ts_ecr_scaled":
                options = options with { TsEcrScaled = true };
                return null;
            case "strict_segments":
                options = options with { StrictSegments = true };
                return null;
            case "ip_version":
                if (value is not ("ipv4" or "ipv6" or "ipv4-mapped-ipv6")) return Bad(option);
                options = options with { IpVersion = value };
                return null;
            case "local_ip":
            case "remote_ip":
            case "gateway_ip":
                if (value is null || !Ipv4Address.TryParse(value, out var address))
                {
                    notes.Add($"--{option.Name}={value} is not IPv4; ignored");
                    return null;
                }
                environment = option.Name switch
                {
                    "local_ip" => environment with { LocalAddress = address },
                    "remote_ip" => environment with { RemoteAddress = address },
                    _ => environment,
                };
                return null;
            case "mtu":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var mtu)) return Bad(option);
                environment = environment with { Mtu = mtu };
                return null;
            case "netmask_ip":
                notes.Add($"--netmask_ip={value}: the local prefix stays /16");
                return null;
            default:
                notes.Add($"--{option.Name} is not interpreted by this harness; ignored");
                return null;
        }
    }

    private static string Bad(ScriptOption option) => $"line {option.Line}: bad value for --{option.Name}: '{option.Value}'";
}
