namespace Hashdance.Protocol.Wire;

/// <summary>A TCP connection key seen from this host (the ehash key of __inet_lookup_established).</summary>
public readonly record struct FourTuple(Ipv4Address LocalAddress, ushort LocalPort, Ipv4Address RemoteAddress, ushort RemotePort)
{
    /// <summary>The same connection seen from the peer.</summary>
    public FourTuple Reversed => new(RemoteAddress, RemotePort, LocalAddress, LocalPort);

    public bool Equals(FourTuple other) =>
        LocalAddress.Value == other.LocalAddress.Value && RemoteAddress.Value == other.RemoteAddress.Value
        && LocalPort == other.LocalPort && RemotePort == other.RemotePort;

    /// <summary>Multiply-xorshift mix of the packed tuple: branch-free, allocation-free and spreads port-only
    /// differences (many clients behind one address) across buckets.</summary>
    public override int GetHashCode()
    {
        var h = ((ulong)LocalAddress.Value << 32 | RemoteAddress.Value) * 0x9E37_79B9_7F4A_7C15UL;
        h ^= ((ulong)LocalPort << 16 | RemotePort) * 0xC2B2_AE3D_27D4_EB4FUL;
        h ^= h >> 29;
        h *= 0xBF58_476D_1CE4_E5B9UL;
        h ^= h >> 32;
        return (int)h;
    }

    public override string ToString() => $"{LocalAddress}:{LocalPort} <-> {RemoteAddress}:{RemotePort}";
}
