using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Config;

/// <summary>
/// What the stack under test is configured with for one script: the sysctls after the init command, the tun
/// device's MTU, and the addresses the upstream runners use (local 192.168.0.1/16, remote 192.0.2.1; the gateway
/// is the harness side of the wire, since packetdrill's remote address is off-link).
/// </summary>
public sealed record StackEnvironment
{
    public static readonly Ipv4Address DefaultLocal = Ipv4Address.Parse("192.168.0.1");
    public static readonly Ipv4Address DefaultRemote = Ipv4Address.Parse("192.0.2.1");
    public static readonly Ipv4Address DefaultGateway = Ipv4Address.Parse("192.168.0.2");

    public TcpSysctls Sysctls { get; init; } = TcpSysctls.Default;

    /// <summary>Which baseline the sysctls started from (see <see cref="ScriptEnvironmentBuilder"/>).</summary>
    public string Profile { get; init; } = "linux-6.18";

    /// <summary>The device MTU (ip link set dev tun0 mtu N); 1500 as on the upstream runners' tun device.</summary>
    public int Mtu { get; init; } = 1500;

    public Ipv4Address LocalAddress { get; init; } = DefaultLocal;
    public int PrefixLength { get; init; } = 16;
    public Ipv4Address RemoteAddress { get; init; } = DefaultRemote;
    public Ipv4Address Gateway { get; init; } = DefaultGateway;
}
