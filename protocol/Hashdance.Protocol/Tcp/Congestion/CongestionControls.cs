using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// The registered congestion-control modules (tcp_cong_list): creates a socket's instance by name, as
/// tcp_set_congestion_control / tcp_assign_congestion_control do for TCP_CONGESTION and tcp_congestion_control.
/// </summary>
public static class CongestionControls
{
    /// <summary>The names of the available algorithms (net.ipv4.tcp_available_congestion_control).</summary>
    public static IReadOnlyList<string> Available { get; } = [RenoCongestionControl.AlgorithmName, CubicCongestionControl.AlgorithmName];

    /// <summary>A fresh instance of <paramref name="name"/>; null when no such module exists (ENOENT).</summary>
    /// <remarks>CUBIC reads its module parameters from <paramref name="sysctls"/> and counts HyStart into <paramref name="mib"/>.</remarks>
    public static ICongestionControl? Create(string name, TcpSysctls? sysctls = null, MibCounters? mib = null) => name switch
    {
        RenoCongestionControl.AlgorithmName => new RenoCongestionControl(),
        CubicCongestionControl.AlgorithmName => new CubicCongestionControl(sysctls ?? TcpSysctls.Default, mib),
        _ => null,
    };

    /// <summary>
    /// The socket's algorithm: TCP_CONGESTION when set and known, else tcp_congestion_control, else Reno (the
    /// kernel's built-in fallback, tcp_reno).
    /// </summary>
    public static ICongestionControl ForSocket(string? socketOption, TcpSysctls sysctls, MibCounters? mib = null) =>
        (socketOption is null ? null : Create(socketOption, sysctls, mib)) ?? Create(sysctls.TcpCongestionControl, sysctls, mib)
        ?? new RenoCongestionControl();
}
