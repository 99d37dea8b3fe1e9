using System.Buffers.Binary;

namespace Hashdance.Protocol.Wire;

/// <summary>A 48-bit IEEE 802 MAC address, held in the low 48 bits of a <see cref="ulong"/> in wire (big-endian) order.</summary>
public readonly record struct MacAddress(ulong Value)
{
    public const int Length = 6;

    public static MacAddress Broadcast { get; } = new(0xFFFF_FFFF_FFFFUL);
    public static MacAddress Zero { get; } = new(0);

    public bool IsBroadcast => Value == 0xFFFF_FFFF_FFFFUL;

    /// <summary>The I/G bit: set for group (multicast and broadcast) addresses.</summary>
    public bool IsMulticast => (Value & 0x0100_0000_0000UL) != 0;

    public static MacAddress Read(ReadOnlySpan<byte> source) =>
        new(((ulong)BinaryPrimitives.ReadUInt16BigEndian(source) << 32) | BinaryPrimitives.ReadUInt32BigEndian(source[2..]));

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt16BigEndian(destination, (ushort)(Value >> 32));
        BinaryPrimitives.WriteUInt32BigEndian(destination[2..], (uint)Value);
    }

    public static bool TryParse(string text, out MacAddress mac)
    {
        mac = default;
        var parts = text.Split(':', '-');
        if (parts.Length != 6) return false;
        ulong v = 0;
        foreach (var p in parts)
        {
            if (p.Length is < 1 or > 2 || !byte.TryParse(p, System.Globalization.NumberStyles.HexNumber, null, out var b)) return false;
            v = (v << 8) | b;
        }
        mac = new MacAddress(v);
        return true;
    }

    public static MacAddress Parse(string text) =>
        TryParse(text, out var mac) ? mac : throw new FormatException($"'{text}' is not a MAC address (expected six hex bytes separated by ':')");

    /// <summary>tcpdump's form: lower-case hex bytes separated by ':'.</summary>
    public override string ToString() =>
        string.Create(17, Value, static (span, v) =>
        {
            const string hex = "0123456789abcdef";
            for (var i = 0; i < 6; i++)
            {
                var b = (byte)(v >> (40 - 8 * i));
                span[i * 3] = hex[b >> 4];
                span[i * 3 + 1] = hex[b & 0xF];
                if (i < 5) span[i * 3 + 2] = ':';
            }
        });
}
