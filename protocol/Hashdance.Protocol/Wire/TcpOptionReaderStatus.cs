namespace Hashdance.Protocol.Wire;

/// <summary>Where and why a <see cref="TcpOptionReader"/> stopped.</summary>
public enum TcpOptionReaderStatus : byte
{
    /// <summary>More options may follow.</summary>
    Reading,
    /// <summary>Every byte of the options area was consumed.</summary>
    Complete,
    /// <summary>An EOL option ended the list (it was yielded; the rest is padding).</summary>
    EndOfList,
    /// <summary>A single byte was left for a multi-byte option (tcp_parse_options: length &lt; 2).</summary>
    MissingLength,
    /// <summary>A length byte below 2 ("silly option").</summary>
    BadLength,
    /// <summary>A length byte beyond the end of the options area ("partial option").</summary>
    LengthBeyondEnd,
}
