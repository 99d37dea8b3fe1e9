using System.CommandLine;
using System.CommandLine.Parsing;
using System.Security.Cryptography;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Wire;

/// <summary>The options every real-wire command shares: which link, which address, gateway, MAC, capture, seed.</summary>
internal sealed class WireOptions
{
    public Option<string?> Tap { get; } = new("--tap") { Description = "Attach to this existing TAP device (see scripts/netns-lab.sh).", HelpName = "NAME" };

    public Option<string?> Iface { get; } = new("--iface")
    {
        Description = "Use this existing interface through libpcap instead of a TAP (the kernel must not own --ip on it).",
        HelpName = "NAME",
    };

    public Option<InterfaceAddress> Ip { get; } = new("--ip")
    {
        Description = "The stack's own address and prefix length, e.g. 198.51.100.2/24.",
        HelpName = "ADDR/LEN",
        Required = true,
        CustomParser = ParseInterfaceAddress,
    };

    public Option<Ipv4Address?> Gateway { get; } = new("--gateway")
    {
        Description = "The default gateway for destinations outside --ip's prefix.",
        HelpName = "ADDR",
        CustomParser = ParseGateway,
    };

    public Option<MacAddress?> Mac { get; } = new("--mac")
    {
        Description = "The stack's MAC (default: 02:68:64 and the low three bytes of --ip on a TAP; the interface's own with --iface).",
        HelpName = "MAC",
        CustomParser = ParseMac,
    };

    public Option<string?> Pcap { get; } = new("--pcap") { Description = "Write every frame the stack sends and receives to this pcap file.", HelpName = "FILE" };

    public Option<int?> Seed { get; } = new("--seed") { Description = "Seed for the stack's secrets (ISNs, cookies, ports); random by default." };

    public IEnumerable<Option> All => [Tap, Iface, Ip, Gateway, Mac, Pcap, Seed];

    public WireLinkChoice? ReadLink(ParseResult result, out string? error)
    {
        var tap = result.GetValue(Tap);
        var iface = result.GetValue(Iface);
        error = (tap, iface) switch
        {
            (null, null) => "give --tap NAME or --iface NAME",
            (not null, not null) => "give either --tap or --iface, not both",
            _ => null,
        };
        if (error is not null) return null;
        return tap is not null ? new WireLinkChoice(tap, IsTap: true) : new WireLinkChoice(iface!, IsTap: false);
    }

    public int ReadSeed(ParseResult result) => result.GetValue(Seed) ?? RandomNumberGenerator.GetInt32(int.MaxValue);

    private static InterfaceAddress ParseInterfaceAddress(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (InterfaceAddress.TryParse(text, out var address)) return address;
        result.AddError($"'{text}' is not an address with a prefix length (expected a.b.c.d/len, e.g. 198.51.100.2/24).");
        return default;
    }

    private static Ipv4Address? ParseGateway(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (Ipv4Address.TryParse(text, out var address)) return address;
        result.AddError($"'{text}' is not an IPv4 address.");
        return null;
    }

    private static MacAddress? ParseMac(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (MacAddress.TryParse(text, out var mac)) return mac;
        result.AddError($"'{text}' is not a MAC address (expected xx:xx:xx:xx:xx:xx).");
        return null;
    }
}
