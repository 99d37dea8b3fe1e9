namespace Hashdance.Protocol.Config;

/// <summary>
/// The three values of <c>net.ipv4.tcp_rmem</c> / <c>net.ipv4.tcp_wmem</c>: minimum, default (a new socket's
/// sk_rcvbuf / sk_sndbuf) and maximum (the auto-tuning limit, also used to choose the window scale).
/// </summary>
public readonly record struct TcpBufferSizes(int Min, int Default, int Max)
{
    /// <summary>The /proc text: the three numbers separated by tabs.</summary>
    public override string ToString() => $"{Min}\t{Default}\t{Max}";
}
