using System.Globalization;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Config;

/// <summary>
/// Interprets the shell commands packetdrill scripts run (init, cleanup and timed back-quoted events) against a
/// <see cref="StackEnvironment"/> instead of a kernel: sysctls (<c>sysctl -q</c>, <c>set_sysctls.py</c>, shell
/// files such as defaults.sh, run line by line) map onto <c>TcpSysctls</c> by their Linux names; <c>ip link set
/// … mtu</c> and <c>ip route … advmss … mtu</c> onto the device MTU; commands with no counterpart in an in-memory
/// stack (tc, ethtool, ip tcp_metrics, nstat, the sysctl restore script) are ignored with a note. Anything else, and
/// any sysctl the stack does not know, is an error: the script cannot run as written.
/// </summary>
public sealed class ShellInterpreter(string workingDirectory)
{
    private const int MaxFileDepth = 8;

    private static readonly IReadOnlyDictionary<string, string> Variables = new Dictionary<string, string>
    {
        ["PPID"] = "0",
        ["PACKETDRILL_PID"] = "0",
    };

    public ShellOutcome Run(string text, StackEnvironment environment)
    {
        var run = new RunState(environment);
        run.Error = Execute(text, run, depth: 0);
        return new ShellOutcome(run.Environment, run.Notes, run.Files, run.Error);
    }

    private sealed class RunState(StackEnvironment environment)
    {
        public StackEnvironment Environment { get; set; } = environment;
        public List<string> Notes { get; } = [];
        public List<string> Files { get; } = [];
        public string? Error { get; set; }
        public bool Exited { get; set; }
    }

    private string? Execute(string text, RunState run, int depth)
    {
        IReadOnlyList<IReadOnlyList<string>> commands;
        try
        {
            commands = ShellWords.Commands(text, Variables);
        }
        catch (FormatException e)
        {
            return $"cannot read shell command '{text.Trim()}': {e.Message}";
        }
        foreach (var words in commands)
        {
            var error = ExecuteCommand(words, run, depth);
            if (error is not null) return error;
            if (run.Exited) return null;
        }
        return null;
    }

    private string? ExecuteCommand(IReadOnlyList<string> words, RunState run, int depth)
    {
        var name = words[0];
        var program = Path.GetFileName(name);
        switch (program)
        {
            case "sysctl":
                return Sysctl(words, run);
            case "set_sysctls.py":
                return SetSysctls(words, run);
            case "ip":
                return Ip(words, run);
            case "tc":
            case "ethtool":
                run.Notes.Add($"ignored '{string.Join(' ', words)}': the in-memory link has no qdisc or offloads");
                return null;
            case "nstat":
                run.Notes.Add($"ignored '{string.Join(' ', words)}': counter checks through nstat are not interpreted");
                return null;
            case "echo":
                return Echo(words, run);
            case "exit":
                run.Exited = true;
                return null;
            case "true" or ":":
                return null;
        }
        if (program.StartsWith("sysctl_restore_", StringComparison.Ordinal) && program.EndsWith(".sh", StringComparison.Ordinal))
        {
            run.Notes.Add("ignored the sysctl restore script: every script runs on a fresh stack");
            return null;
        }
        if (name.Contains('/') || name.EndsWith(".sh", StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(Path.Combine(workingDirectory, name));
            if (!File.Exists(path)) return $"command '{name}' not found (looked for {path})";
            if (depth >= MaxFileDepth) return $"shell files nested more than {MaxFileDepth} deep at '{name}'";
            if (!path.EndsWith(".sh", StringComparison.Ordinal)) return $"cannot interpret '{name}': only shell files (.sh) and set_sysctls.py are understood";
            run.Files.Add(path);
            var error = Execute(File.ReadAllText(path), run, depth + 1);
            run.Exited = false;
            return error is null ? null : $"{Path.GetFileName(path)}: {error}";
        }
        return $"unsupported command '{string.Join(' ', words)}'";
    }

    /// <summary>
    /// <c>echo VALUE &gt; /sys/module/tcp_cubic/parameters/NAME</c> (CUBIC's module parameters) or
    /// <c>echo VALUE &gt; /proc/sys/net/...</c>; echo to anywhere else is reported, and echo to the terminal does nothing.
    /// </summary>
    private static string? Echo(IReadOnlyList<string> words, RunState run)
    {
        var text = string.Join(' ', words);
        // Without a file (or into /dev/null) echo only prints.
        if (!words.Contains(">")) return null;
        if (words.Count != 4 || words[2] != ">") return $"unsupported command '{text}' (only 'echo VALUE > FILE' is understood)";
        const string CubicParameters = "/sys/module/tcp_cubic/parameters/";
        var target = words[3];
        if (target.StartsWith(CubicParameters, StringComparison.Ordinal))
            return SetSysctl("tcp_cubic." + target[CubicParameters.Length..], words[1], run);
        if (target.StartsWith("/proc/sys/", StringComparison.Ordinal)) return SetSysctl(target, words[1], run);
        return $"unsupported command '{text}' (echo writes only CUBIC's module parameters and /proc/sys)";
    }

    /// <summary><c>sysctl [-q] [-w] [-e] name=value ...</c>; a bare name (a read) does nothing.</summary>
    private static string? Sysctl(IReadOnlyList<string> words, RunState run)
    {
        foreach (var word in words.Skip(1))
        {
            if (word.StartsWith('-')) continue;
            var equals = word.IndexOf('=');
            if (equals < 0) continue;
            var error = SetSysctl(word[..equals], word[(equals + 1)..], run);
            if (error is not null) return error;
        }
        return null;
    }

    /// <summary><c>set_sysctls.py /proc/sys/net/ipv4/name=value ...</c> (the upstream helper writes each value into /proc).</summary>
    private static string? SetSysctls(IReadOnlyList<string> words, RunState run)
    {
        foreach (var word in words.Skip(1))
        {
            var equals = word.IndexOf('=');
            if (equals < 0) return $"set_sysctls.py: '{word}' is not /proc/sys/...=value";
            var error = SetSysctl(word[..equals], word[(equals + 1)..], run);
            if (error is not null) return error;
        }
        return null;
    }

    private static string? SetSysctl(string name, string value, RunState run)
    {
        var dotted = name.StartsWith("/proc/sys/", StringComparison.Ordinal) ? name["/proc/sys/".Length..].Replace('/', '.') : name;
        if (!run.Environment.Sysctls.TrySet(dotted, value, out var updated, out var error))
            return $"sysctl {dotted}={value}: {error}";
        run.Environment = run.Environment with { Sysctls = updated };
        return null;
    }

    private static string? Ip(IReadOnlyList<string> words, RunState run)
    {
        var text = string.Join(' ', words);
        if (words.Count >= 2 && words[1] is "tcp_metrics" or "tcpmetrics")
        {
            run.Notes.Add($"ignored '{text}': the stack keeps no TCP metrics cache");
            return null;
        }
        if (words.Count >= 3 && words[1] == "link" && words[2] == "set")
        {
            var mtu = ValueAfter(words, "mtu");
            if (mtu is null) return $"unsupported command '{text}' (only 'ip link set dev tun0 mtu N' is understood)";
            if (!int.TryParse(mtu, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 576 || value > 65535)
                return $"'{text}': bad MTU '{mtu}'";
            run.Environment = run.Environment with { Mtu = value };
            return null;
        }
        if (words.Count >= 4 && words[1] == "route" && words[2] is "change" or "replace" or "add")
            return Route(words, text, run);
        return $"unsupported command '{text}'";
    }

    /// <summary>
    /// <c>ip route change DEST [via GW] [dev D] [advmss A] [mtu [lock] M]</c> for the remote address. The stack
    /// derives advmss from its MTU (RouteAdvMss = MTU − 40), so a route is modelled as the device MTU when its
    /// advmss is its MTU − 40; other combinations cannot be represented and are reported.
    /// </summary>
    private static string? Route(IReadOnlyList<string> words, string text, RunState run)
    {
        if (!Ipv4Address.TryParse(words[3], out var destination))
            return $"'{text}': only host routes to an IPv4 address are understood";
        if (destination != run.Environment.RemoteAddress)
        {
            run.Notes.Add($"ignored '{text}': {destination} is not the remote address");
            return null;
        }
        var advmssText = ValueAfter(words, "advmss");
        var mtuIndex = IndexOf(words, "mtu");
        string? mtuText = null;
        if (mtuIndex >= 0 && mtuIndex + 1 < words.Count)
            mtuText = words[mtuIndex + 1] == "lock" && mtuIndex + 2 < words.Count ? words[mtuIndex + 2] : words[mtuIndex + 1];
        int? advmss = advmssText is null ? null : int.Parse(advmssText, CultureInfo.InvariantCulture);
        int? mtu = mtuText is null ? null : int.Parse(mtuText, CultureInfo.InvariantCulture);
        var effectiveMtu = mtu ?? run.Environment.Mtu;
        if (advmss is { } a && a != effectiveMtu - 40)
            return $"'{text}': a route advmss ({a}) other than its MTU − 40 ({effectiveMtu - 40}) cannot be modelled: the stack derives advmss from the MTU";
        run.Environment = run.Environment with { Mtu = effectiveMtu };
        run.Notes.Add($"route to {destination} modelled as device MTU {effectiveMtu}");
        return null;
    }

    private static int IndexOf(IReadOnlyList<string> words, string word)
    {
        for (var i = 0; i < words.Count; i++)
            if (words[i] == word) return i;
        return -1;
    }

    private static string? ValueAfter(IReadOnlyList<string> words, string word)
    {
        var i = IndexOf(words, word);
        return i >= 0 && i + 1 < words.Count ? words[i + 1] : null;
    }
}
