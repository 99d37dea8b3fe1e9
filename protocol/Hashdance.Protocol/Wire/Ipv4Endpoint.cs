namespace Hashdance.Protocol.Wire;

/// <summary>An IPv4 address and TCP port: what Linux calls a <c>sockaddr_in</c>.</summary>
public readonly record struct Ipv4Endpoint(Ipv4Address Address, ushort Port)
{
    public static bool TryParse(string text, out Ipv4Endpoint endpoint)
    {
        endpoint = default;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !Ipv4Address.TryParse(text[..colon], out var a) || !ushort.TryParse(text[(colon + 1)..], out var p)) return false;
        endpoint = new Ipv4Endpoint(a, p);
        return true;
    }

    public static Ipv4Endpoint Parse(string text) =>
        TryParse(text, out var e) ? e : throw new FormatException($"'{text}' is not an IPv4 endpoint (expected a.b.c.d:port)");

    public override string ToString() => $"{Address}:{Port}";
}
