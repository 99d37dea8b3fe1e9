namespace Hashdance.Protocol.Wire;

/// <summary>
/// Walks a TCP options area yielding every option in order, including NOP, EOL and unknown kinds, with the same
/// stopping rules as the loop in tcp_parse_options (net/ipv4/tcp_input.c). On malformed input it stops, leaving
/// <see cref="Status"/> and <see cref="StoppedAt"/> for a printer to report.
/// </summary>
public ref struct TcpOptionReader
{
    private readonly ReadOnlySpan<byte> _options;
    private int _position;
    private TcpOption _current;

    public TcpOptionReader(ReadOnlySpan<byte> options)
    {
        _options = options;
        _position = 0;
        _current = default;
        Status = options.IsEmpty ? TcpOptionReaderStatus.Complete : TcpOptionReaderStatus.Reading;
        StoppedAt = options.IsEmpty ? 0 : -1;
    }

    public TcpOptionReaderStatus Status { get; private set; }

    /// <summary>Offset at which reading ended (the malformed option's kind byte, the byte after EOL, or the end);
    /// −1 while still reading.</summary>
    public int StoppedAt { get; private set; }

    /// <summary>True when reading ended because of malformed input.</summary>
    public readonly bool IsMalformed => Status >= TcpOptionReaderStatus.MissingLength;

    public readonly TcpOption Current => _current;

    public readonly TcpOptionReader GetEnumerator() => this;

    public bool MoveNext()
    {
        if (Status != TcpOptionReaderStatus.Reading) return false;
        var remaining = _options.Length - _position;
        if (remaining <= 0) return Stop(TcpOptionReaderStatus.Complete, _options.Length);

        var start = _position;
        var kind = (TcpOptionKind)_options[start];
        switch (kind)
        {
            case TcpOptionKind.Eol:
                _current = new TcpOption(kind, 1, start, default);
                _position = start + 1;
                Status = TcpOptionReaderStatus.EndOfList;
                StoppedAt = _position;
                return true;
            case TcpOptionKind.Nop:
                _current = new TcpOption(kind, 1, start, default);
                _position = start + 1;
                return true;
        }
        if (remaining < 2) return Stop(TcpOptionReaderStatus.MissingLength, start);
        int length = _options[start + 1];
        if (length < 2) return Stop(TcpOptionReaderStatus.BadLength, start);
        if (length > remaining) return Stop(TcpOptionReaderStatus.LengthBeyondEnd, start);
        _current = new TcpOption(kind, length, start, _options.Slice(start + 2, length - 2));
        _position = start + length;
        return true;
    }

    private bool Stop(TcpOptionReaderStatus status, int at)
    {
        Status = status;
        StoppedAt = at;
        _current = default;
        return false;
    }
}
