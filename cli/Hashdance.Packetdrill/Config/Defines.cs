namespace Hashdance.Packetdrill.Config;

/// <summary>
/// The <c>-D NAME=value</c> symbols the upstream runners define (a.1): the TFO cookies Linux computes for the runner
/// addresses with the defaults.sh key (and the all-zero key), the ICMP code of the gpd runner (IPv4 only) and the
/// cmsg constants. Values given on the command line override them.
/// </summary>
public static class Defines
{
    public static IReadOnlyDictionary<string, string> Ipv4Defaults { get; } = new Dictionary<string, string>
    {
        ["TFO_COOKIE"] = "3021b9d889017eeb",
        ["TFO_COOKIE_ZERO"] = "b7c12350a90dc8f5",
        ["CODE"] = "host_unreachable",
        ["CMSG_LEVEL_IP"] = "SOL_IP",
        ["CMSG_TYPE_RECVERR"] = "IP_RECVERR",
    };

    public static IReadOnlyDictionary<string, string> With(IReadOnlyDictionary<string, string> overrides)
    {
        var all = new Dictionary<string, string>(Ipv4Defaults);
        foreach (var (name, value) in overrides) all[name] = value;
        return all;
    }

    public static string Resolve(IReadOnlyDictionary<string, string> defines, string text) =>
        defines.TryGetValue(text, out var value) ? value : text;
}
