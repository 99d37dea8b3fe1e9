namespace Hashdance.Cli.Wire;

/// <summary>The device a real-wire command runs on: a TAP (TapLink) or an interface through libpcap (PcapLink).</summary>
internal sealed record WireLinkChoice(string Name, bool IsTap);
