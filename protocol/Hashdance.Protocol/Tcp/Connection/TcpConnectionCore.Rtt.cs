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
    private long _synSentMicros;  // when our SYN last went out
    private long _minRttUs = -1;  // tcp_min_rtt (rtt_min's current minimum), -1 before the first sample
    private long _minRttStampMicros;

    /// <summary>srtt in microseconds (srtt_us &gt;&gt; 3); 0 before the first sample.</summary>
    public long SmoothedRttMicros => _srttUs >> 3;

    /// <summary>tcp_min_rtt: the smallest RTT sample of the last tcp_min_rtt_wlen seconds; -1 before the first.</summary>
    public long MinRttMicros => _minRttUs;

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

    /// <summary>A handshake sample goes through tcp_ack_update_rtt too: min_rtt, then the estimator.</summary>
    private void HandshakeRttSample(long sampleMicros, long nowMicros)
    {
        UpdateRttMin(sampleMicros, nowMicros);
        AckUpdateRtt(sampleMicros);
    }

    /// <summary>
    /// tcp_synack_rtt_meas for a passive child (tcp_check_req): the time from the SYN-ACK to the ACK, unless the
    /// SYN-ACK was retransmitted (Karn).
    /// </summary>
    private void SynAckRttMeasure(RequestSockState request, long nowMicros)
    {
        if (request.NumRetrans == 0) HandshakeRttSample(nowMicros - request.SntSynAckMicros, nowMicros);
    }

    /// <summary>
    /// The RTT sample of a SYN-ACK (tcp_clean_rtx_queue for the SYN): from our SYN's transmission when it was never
    /// retransmitted, otherwise from the echoed timestamp (tcp_rtt_tsopt_us, at least 1 ms).
    /// </summary>
    private void SynSentRttMeasure(in TcpOptions options, uint tsEcr, long nowMicros)
    {
        if (_retransmits == 0)
        {
            HandshakeRttSample(nowMicros - _synSentMicros, nowMicros);
            return;
        }
        if (!options.SawTimestamp || tsEcr == 0) return;
        var delta = unchecked(NowMs(nowMicros) - tsEcr);
        if (delta >= int.MaxValue / 1000) return;
        HandshakeRttSample(Math.Max(delta, 1u) * 1000L, nowMicros);
    }

    /// <summary>
    /// Mirrors tcp_update_rtt_min: the windowed minimum RTT (tcp_min_rtt_wlen, 300 s). Linux keeps three candidates
    /// (lib/win_minmax.c) so that an expired minimum falls back to a recent one; this keeps one, replaced by a
    /// smaller sample or by any sample once it is older than the window.
    /// </summary>
    private void UpdateRttMin(long rttUs, long nowMicros)
    {
        var window = _settings.Sysctls.TcpMinRttWlen * 1_000_000L;
        rttUs = Math.Max(rttUs, 1);
        if (_minRttUs < 0 || rttUs <= _minRttUs || nowMicros - _minRttStampMicros > window)
        {
            _minRttUs = rttUs;
            _minRttStampMicros = nowMicros;
        }
    }

    /// <summary>
    /// The send times tcp_clean_rtx_queue and tcp_sacktag_write_queue collect for tcp_ack_update_rtt: first_ackt /
    /// last_ackt of the cumulatively acknowledged segments (unusable when retransmitted data was acknowledged, Karn),
    /// first_sackt / last_sackt of the newly SACKed ones; -1 when there is none.
    /// </summary>
    private readonly record struct RttSendTimes(long FirstAcked, long LastAcked, bool RetransmittedAcked, long FirstSacked, long LastSacked);

    /// <summary>
    /// Mirrors tcp_ack_update_rtt (net/ipv4/tcp_input.c): the sample from the send time of the oldest newly
    /// acknowledged, never retransmitted segment (Karn), else from the oldest newly SACKed one, else — RFC 7323's
    /// RTTM rule — from the echoed timestamp (tcp_rtt_tsopt_us, at least 1 ms) when the ACK advanced snd_una.
    /// Returns ca_rtt_us (the newest segment's sample, or the TS one), -1 when there is none.
    /// </summary>
    private long AckUpdateRttFromAck(in TcpSegment segment, RttSendTimes times, bool acked, long nowMicros)
    {
        long seqRtt = -1, caRtt = -1, sackRtt = -1;
        if (times.FirstAcked >= 0 && !times.RetransmittedAcked)
        {
            seqRtt = Math.Max(nowMicros - times.FirstAcked, 0);
            caRtt = Math.Max(nowMicros - times.LastAcked, 0);
        }
        if (times.FirstSacked >= 0)
        {
            sackRtt = Math.Max(nowMicros - times.FirstSacked, 0);
            caRtt = Math.Max(nowMicros - times.LastSacked, 0);
        }
        if (seqRtt < 0) seqRtt = sackRtt;
        var options = segment.Options;
        if (seqRtt < 0 && acked && options.SawTimestamp && options.TsEcr != 0)
        {
            var delta = unchecked(NowMs(nowMicros) - (options.TsEcr - _tsOffset));
            if (delta < int.MaxValue / 1000) seqRtt = caRtt = Math.Max(delta, 1u) * 1000L;
        }
        if (seqRtt < 0) return -1;
        UpdateRttMin(caRtt, nowMicros);
        AckUpdateRtt(seqRtt);
        return caRtt;
    }
}
