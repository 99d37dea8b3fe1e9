using Akka.Configuration;
using Hashdance.Protocol.Config;

namespace Hashdance.Cluster;

/// <summary>
/// Reads <c>hashdance.sysctl { … }</c> into <see cref="TcpSysctls"/>: every key is a Linux sysctl name
/// (<c>tcp_syncookies</c>, <c>somaxconn</c>, …) and every value its /proc text; lists (<c>tcp_rmem = [4096, 131072,
/// 6291456]</c>) are the vector sysctls. Unknown names and bad values are errors, never silently ignored, because a
/// misspelt sysctl would otherwise leave a default in force.
/// </summary>
public static class SysctlHocon
{
    public const string Path = "hashdance.sysctl";

    /// <summary>Applies every key under <see cref="Path"/> to <paramref name="baseline"/> (Linux 6.18 defaults when null).</summary>
    public static TcpSysctls Read(Config config, TcpSysctls? baseline = null)
    {
        var sysctls = baseline ?? TcpSysctls.Default;
        if (!config.HasPath(Path)) return sysctls;
        var errors = new List<string>();
        foreach (var (key, value) in config.GetConfig(Path).AsEnumerable())
        {
            var text = value.IsArray()
                ? string.Join(' ', value.GetArray().Select(v => v.GetString()))
                : value.GetString();
            if (sysctls.TrySet(key, text, out var updated, out var error)) sysctls = updated;
            else errors.Add($"{Path}.{key}: {error}");
        }
        if (errors.Count > 0) throw new ConfigurationException(string.Join("; ", errors));
        return sysctls;
    }
}
