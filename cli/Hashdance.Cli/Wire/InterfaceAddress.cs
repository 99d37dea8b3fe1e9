using System.Globalization;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Wire;

/// <summary>An interface address in CIDR form, ADDR/LEN, as <c>ip addr add</c> takes it.</summary>
internal readonly record struct InterfaceAddress(Ipv4Address Address, int PrefixLength)
{
    public static bool TryParse(string text, out InterfaceAddress address)
    {
        address = default;
        var slash = text.IndexOf('/');
        if (slash <= 0) return false;
        if (!Ipv4Address.TryParse(text[..slash], out var ip)) return false;
        if (!int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length is < 1 or > 32) return false;
        address = new InterfaceAddress(ip, length);
        return true;
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Address}/{PrefixLength}");
}
