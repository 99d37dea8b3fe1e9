namespace Hashdance.Protocol.Wire;

/// <summary>One option yielded by <see cref="TcpOptionReader"/>.</summary>
public readonly ref struct TcpOption
{
    public TcpOption(TcpOptionKind kind, int length, int offset, ReadOnlySpan<byte> data)
    {
        Kind = kind;
        Length = length;
        Offset = offset;
        Data = data;
    }

    public TcpOptionKind Kind { get; }

    /// <summary>The declared length byte (1 for the single-byte EOL and NOP).</summary>
    public int Length { get; }

    /// <summary>Offset of the kind byte within the options area.</summary>
    public int Offset { get; }

    /// <summary>The option body after kind and length (Length − 2 bytes).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
