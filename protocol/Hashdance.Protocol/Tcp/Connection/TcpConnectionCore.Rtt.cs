using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

public sealed partial class TcpConnectionCore
{
    // --- RTT estimation (struct tcp_sock: srtt_us, mdev_us, mdev_max_us, rttvar_us, rtt_seq) ---
    private long _srttUs;         // srtt_us: smoothed RTT << 3, 0 = no sample yet
    private long _mdevUs;         // mdev_us
    private long _mdevMaxUs;      // mdev_max_us
    private long _rttvarUs;       // rttvar_us
    private SeqNum _rttSeq;       // rtt_seq
    private bool _rttTimed;       // a segment is being timed (see TimeSegment)
    private SeqNum _rttTimedEnd;
    private long _rttTimedMicros;
    private long _synSentMicros;  // when our SYN last went out

    /// <summary>srtt in microseconds (srtt_us &gt;&gt; 3); 0 before the first sample.</summary>
    public long SmoothedRttMicros => _srttUs >> 3;

    /// <summary>rttvar_us.</summary>
    public long RttVarMicros => _rttvarUs;

    /// <summary>
    /// Mirrors tcp_ack_update_rtt (net/ipv4/tcp_input.c): a valid sample feeds tcp_rtt_estimator, tcp_set_rto
    /// recomputes the RTO and the backoff is reset (RFC 6298: only on a valid measurement).
    /// </summary>
    private void AckUpdateRtt(long sampleMicros)
    {
        if (sampleMicros < 0) return;
        RttEstimator(sampleMicros);
        SetRto();
        _backoff = 0;
    }

    /// <summary>
    /// Mirrors tcp_rtt_estimator: Van Jacobson's SIGCOMM '88 estimator with Linux's mdev_max refinement (the
    /// variance only decays once per RTT, never below tcp_rto_min).
    /// </summary>
    private void RttEstimator(long sampleMicros)
    {
        var m = sampleMicros;
        var srtt = _srttUs;
        var rtoMin = (long)_settings.Sysctls.TcpRtoMinUs;
        if (srtt != 0)
        {
            m -= srtt >> 3;
            srtt += m;
            if (m < 0)
            {
                m = -m;
                m -= _mdevUs >> 2;
                // A falling RTT shrinks the deviation only slowly.
                if (m > 0) m >>= 3;
            }
            else
            {
                m -= _mdevUs >> 2;
            }
            _mdevUs += m;
            if (_mdevUs > _mdevMaxUs)
            {
                _mdevMaxUs = _mdevUs;
                if (_mdevMaxUs > _rttvarUs) _rttvarUs = _mdevMaxUs;
            }
            if (_sndUna > _rttSeq)
            {
                if (_mdevMaxUs < _rttvarUs) _rttvarUs -= (_rttvarUs - _mdevMaxUs) >> 2;
                _rttSeq = _sndNxt;
                _mdevMaxUs = rtoMin;
            }
        }
        else
        {
            // The first measurement: rto = rtt + max(2 rtt, tcp_rto_min).
            srtt = m << 3;
            _mdevUs = m << 1;
            _rttvarUs = Math.Max(_mdevUs, rtoMin);
            _mdevMaxUs = _rttvarUs;
            _rttSeq = _sndNxt;
        }
        _srttUs = Math.Max(1, srtt);
    }

    /// <summary>Mirrors tcp_set_rto / __tcp_set_rto / tcp_bound_rto: srtt + rttvar, in whole jiffies, at most tcp_rto_max.</summary>
    private void SetRto()
    {
        var micros = (_srttUs >> 3) + _rttvarUs;
        var jiffies = (micros + Jiffies.MicrosPerJiffy - 1) / Jiffies.MicrosPerJiffy;
        _rtoMicros = Math.Min(jiffies * Jiffies.MicrosPerJiffy, _settings.Sysctls.TcpRtoMaxMs * 1000L);
    }

    /// <summary>
    /// tcp_synack_rtt_meas for a passive child (tcp_check_req): the time from the SYN-ACK to the ACK, unless the
    /// SYN-ACK was retransmitted (Karn).
    /// </summary>
    private void SynAckRttMeasure(RequestSockState request, long nowMicros)
    {
        if (request.NumRetrans == 0) AckUpdateRtt(nowMicros - request.SntSynAckMicros);
    }

    /// <summary>
    /// The RTT sample of a SYN-ACK (tcp_clean_rtx_queue for the SYN): from our SYN's transmission when it was never
    /// retransmitted, otherwise from the echoed timestamp (tcp_rtt_tsopt_us, at least 1 ms).
    /// </summary>
    private void SynSentRttMeasure(in TcpOptions options, uint tsEcr, long nowMicros)
    {
        if (_retransmits == 0)
        {
            AckUpdateRtt(nowMicros - _synSentMicros);
            return;
        }
        if (!options.SawTimestamp || tsEcr == 0) return;
        var delta = unchecked(NowMs(nowMicros) - tsEcr);
        if (delta >= int.MaxValue / 1000) return;
        AckUpdateRtt(Math.Max(delta, 1u) * 1000L);
    }

    /// <summary>
    /// Starts timing the segment just sent when none is being timed. Linux samples every ACK from the skb send
    /// times (tcp_clean_rtx_queue); this core times one segment per round trip (RFC 6298 §3), which gives the same
    /// estimate on a path without reordering.
    /// </summary>
    private void TimeSegment(long nowMicros)
    {
        if (_rttTimed) return;
        _rttTimed = true;
        _rttTimedEnd = _sndNxt;
        _rttTimedMicros = nowMicros;
    }

    /// <summary>An ACK covering the timed segment gives a sample (cleared by a retransmission: Karn's rule); -1 when none.</summary>
    private long SampleTimedSegment(long nowMicros)
    {
        if (!_rttTimed || _sndUna < _rttTimedEnd) return -1;
        _rttTimed = false;
        var sample = nowMicros - _rttTimedMicros;
        AckUpdateRtt(sample);
        return sample;
    }
}
