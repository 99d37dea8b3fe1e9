using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Linux;

/// <summary>The IPv4 addresses of packetdrill's upstream runners: remote (the simulated client) and local (us).</summary>
internal static class RunnerAddresses
{
    public static readonly Ipv4Address Remote = Ipv4Address.Parse("192.0.2.1");
    public static readonly Ipv4Address Local = Ipv4Address.Parse("192.168.0.1");
}
