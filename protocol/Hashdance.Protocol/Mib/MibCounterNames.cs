namespace Hashdance.Protocol.Mib;

/// <summary>Maps <see cref="MibCounter"/> to the names nstat prints ("TcpExtListenOverflows") and to (group, field).</summary>
public static class MibCounterNames
{
    private static readonly string[] Groups = ["IpExt", "Ip", "Icmp", "TcpExt", "Tcp", "Hd"];
    private static readonly string[] NstatNames = BuildNames();

    /// <summary>Number of counters.</summary>
    public static int Count { get; } = NstatNames.Length;

    /// <summary>The name nstat prints: group and field run together, e.g. "TcpExtListenOverflows".</summary>
    public static string NstatName(MibCounter counter) => NstatNames[(int)counter];

    /// <summary>The group of /proc/net/snmp or /proc/net/netstat the counter belongs to ("Tcp", "TcpExt", …).</summary>
    public static string Group(MibCounter counter)
    {
        var name = NstatNames[(int)counter];
        foreach (var g in Groups)
        {
            if (name.StartsWith(g, StringComparison.Ordinal)) return g;
        }
        throw new InvalidOperationException($"counter {counter} has no known group");
    }

    /// <summary>The field within its group: "ListenOverflows" for TcpExtListenOverflows.</summary>
    public static string Field(MibCounter counter) => NstatNames[(int)counter][Group(counter).Length..];

    public static bool TryParse(string nstatName, out MibCounter counter)
    {
        for (var i = 0; i < NstatNames.Length; i++)
        {
            if (string.Equals(NstatNames[i], nstatName, StringComparison.Ordinal))
            {
                counter = (MibCounter)i;
                return true;
            }
        }
        counter = default;
        return false;
    }

    private static string[] BuildNames()
    {
        var values = Enum.GetValues<MibCounter>();
        var names = new string[values.Length];
        foreach (var v in values) names[(int)v] = v.ToString();
        return names;
    }
}
