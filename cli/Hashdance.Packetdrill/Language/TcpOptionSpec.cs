namespace Hashdance.Packetdrill.Language;

/// <summary>
/// One TCP option as written in a packet line. <see cref="Value"/> holds mss/wscale/TS val, <see cref="Value2"/> the
/// TS ecr; <see cref="SackBlocks"/> the <c>sack a:b</c> ranges; <see cref="Cookie"/> the Fast Open cookie as written
/// (hex digits or a -D symbol), null for a cookie request.
/// </summary>
public sealed record TcpOptionSpec(TcpOptionSpecKind Kind, uint Value = 0, uint Value2 = 0, IReadOnlyList<(uint Start, uint End)>? SackBlocks = null, string? Cookie = null)
{
    public override string ToString() => Kind switch
    {
        TcpOptionSpecKind.Nop => "nop",
        TcpOptionSpecKind.Eol => "eol",
        TcpOptionSpecKind.Mss => $"mss {Value}",
        TcpOptionSpecKind.WindowScale => $"wscale {Value}",
        TcpOptionSpecKind.SackPermitted => "sackOK",
        TcpOptionSpecKind.Sack => "sack " + string.Join(' ', (SackBlocks ?? []).Select(b => $"{b.Start}:{b.End}")),
        TcpOptionSpecKind.Timestamp => $"TS val {Value} ecr {Value2}",
        TcpOptionSpecKind.FastOpen => Cookie is null ? "FO" : $"FO {Cookie}",
        TcpOptionSpecKind.FastOpenExperimental => Cookie is null ? "FOEXP" : $"FOEXP {Cookie}",
        _ => Kind.ToString(),
    };
}
