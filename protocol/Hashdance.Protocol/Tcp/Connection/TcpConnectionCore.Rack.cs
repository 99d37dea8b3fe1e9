namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    /// <summary>
    /// Mirrors tcp_rack_reo_timeout (net/ipv4/tcp_recovery.c). RACK loss detection is not modelled yet (see the
    /// class remarks), so this core never arms the reordering timer; an expiry only clears it.
    /// </summary>
    private void RackReoTimeout(long nowMicros, ITcpOutput output)
    {
        if (_pending != XmitTimer.ReoTimeout) return;
        _pending = XmitTimer.None;
        RearmRto(nowMicros, output);
    }
}
