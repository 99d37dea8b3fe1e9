namespace Hashdance.Cluster;

/// <summary>
/// The two Hashdance roles a node may hold (both at once, too): <see cref="Nic"/> hosts a link and its NicIngress,
/// <see cref="Sockets"/> hosts listener and connection actors. They are also the Akka cluster role names by which
/// <c>sockets</c> nodes find their <c>nic</c> node.
/// </summary>
public static class HashdanceRoles
{
    public const string Nic = "nic";
    public const string Sockets = "sockets";

    /// <summary>Parses "nic,sockets"-style lists; unknown names are errors.</summary>
    public static IReadOnlyList<string> Parse(IEnumerable<string> names)
    {
        var roles = new List<string>();
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name.Length == 0) continue;
            if (name is not (Nic or Sockets)) throw new ArgumentException($"unknown Hashdance role '{raw}' (expected {Nic} or {Sockets})");
            if (!roles.Contains(name)) roles.Add(name);
        }
        if (roles.Count == 0) throw new ArgumentException($"at least one role is needed ({Nic}, {Sockets})");
        return roles;
    }
}
