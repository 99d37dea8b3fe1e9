using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>An IPv4 address; <see cref="Value"/> is the address as a host-order integer (192.0.2.1 = 0xC0000201).</summary>
public readonly record struct Ipv4Address(uint Value)
{
    public const int Length = 4;

    public static Ipv4Address Any { get; } = new(0);
    public static Ipv4Address Broadcast { get; } = new(0xFFFF_FFFF);

    public bool IsAny => Value == 0;
    public bool IsBroadcast => Value == 0xFFFF_FFFF;
    public bool IsMulticast => (Value >> 28) == 0xE;

    public static Ipv4Address Read(ReadOnlySpan<byte> source) => new(BinaryPrimitives.ReadUInt32BigEndian(source));

    public void Write(Span<byte> destination) => BinaryPrimitives.WriteUInt32BigEndian(destination, Value);

    public static bool TryParse(string text, out Ipv4Address address)
    {
        address = default;
        var parts = text.Split('.');
        if (parts.Length != 4) return false;
        uint v = 0;
        foreach (var p in parts)
        {
            if (p.Length is < 1 or > 3 || !p.All(char.IsAsciiDigit) || !byte.TryParse(p, out var b)) return false;
            v = (v << 8) | b;
        }
        address = new Ipv4Address(v);
        return true;
    }

    public static Ipv4Address Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IPv4 address (expected a.b.c.d)");

    /// <summary>True when <paramref name="other"/> lies in this address's subnet of <paramref name="prefixLength"/> bits.</summary>
    public bool SameSubnet(Ipv4Address other, int prefixLength)
    {
        if (prefixLength <= 0) return true;
        var mask = prefixLength >= 32 ? 0xFFFF_FFFFu : ~(0xFFFF_FFFFu >> prefixLength);
        return (Value & mask) == (other.Value & mask);
    }

    public override string ToString() => $"{Value >> 24}.{(Value >> 16) & 0xFF}.{(Value >> 8) & 0xFF}.{Value & 0xFF}";
}
