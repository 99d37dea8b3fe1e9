namespace Hashdance.Protocol.Config;

/// <summary>An inclusive port range such as <c>net.ipv4.ip_local_port_range</c>.</summary>
public readonly record struct PortRange(int Low, int High)
{
    /// <summary>The /proc text: low and high separated by a tab.</summary>
    public override string ToString() => $"{Low}\t{High}";
}
