using Hashdance.Protocol.Config;
using Hashdance.Protocol.Linux;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tcp;

/// <summary>
/// CUBIC, Linux's default. Mirrors net/ipv4/tcp_cubic.c with its default parameters (beta 717/1024, bic_scale 41,
/// fast_convergence and tcp_friendliness on): the window follows W(t) = C (t − K)³ + W_max from the last loss,
/// never slower than the Reno estimate. HyStart (the module's hystart = 1, hystart_detect = 3) ends slow start when
/// a round's ACK train spans half the minimum RTT or its RTT samples rise by an eighth (4–16 ms) over the minimum.
/// The cube root is exact (floor) where the kernel uses a table with one Newton step, so K may differ from Linux's
/// by a unit in the last place (1/1024 s).
/// </summary>
public sealed class CubicCongestionControl : ICongestionControl
{
    public const string AlgorithmName = "cubic";

    private const int BetaScale = 1024;      // BICTCP_BETA_SCALE
    private const int Beta = 717;            // beta: 0.7 × 1024
    private const int BicScale = 41;         // bic_scale
    private const int HzShift = 10;          // BICTCP_HZ
    private const long CubeRttScale = BicScale * 10;
    // beta_scale = 8 × (1024 + 717) / 3 / (1024 − 717): the Reno-friendly estimate's growth per ACK, × 8.
    private const int FriendlyBetaScale = 8 * (BetaScale + Beta) / 3 / (BetaScale - Beta);
    // cube_factor = 2^(10 + 3 × 10) / (bic_scale × 10): scales (W_max − cwnd) to K³ in 2^-10 s units.
    private const ulong CubeFactor = (1UL << (10 + 3 * HzShift)) / (ulong)CubeRttScale;

    // struct bictcp
    private int _cnt;              // increase cwnd by 1 after this many ACKs
    private int _lastMaxCwnd;      // last_max_cwnd: W_max
    private int _lastCwnd;         // last_cwnd
    private uint _lastTime;        // last_time
    private int _originPoint;      // bic_origin_point
    private uint _k;               // bic_K: time to reach W_max, in 2^-10 s
    private long _delayMinMicros;  // delay_min
    private uint _epochStart;      // epoch_start, 0 = no epoch
    private int _ackCount;         // ack_cnt
    private int _tcpCwnd;          // tcp_cwnd: the Reno-friendly estimate

    private const int HystartAckTrain = 1;   // HYSTART_ACK_TRAIN
    private const int HystartDelay = 2;      // HYSTART_DELAY
    private const int HystartMinSamples = 8; // HYSTART_MIN_SAMPLES
    private const long HystartDelayMinUs = 4000;  // HYSTART_DELAY_MIN
    private const long HystartDelayMaxUs = 16000; // HYSTART_DELAY_MAX

    private readonly TcpSysctls _parameters;
    private readonly MibCounters? _mib;

    // struct bictcp: HyStart's round
    private bool _found;           // found: slow start has been ended by HyStart
    private bool _roundPending;    // the round starts with the first ACK (cubictcp_init's reset at snd_nxt)
    private long _roundStartUs;    // round_start
    private long _lastAckUs;       // last_ack
    private SeqNum _endSeq;        // end_seq: the round ends when snd_una passes it
    private long _currRttUs;       // curr_rtt: the round's minimum RTT sample
    private int _sampleCount;      // sample_cnt

    /// <param name="parameters">The module parameters (hystart, hystart_detect, hystart_low_window, hystart_ack_delta_us).</param>
    /// <param name="mib">Where HyStart's TcpExt counters go.</param>
    public CubicCongestionControl(TcpSysctls? parameters = null, MibCounters? mib = null)
    {
        _parameters = parameters ?? TcpSysctls.Default;
        _mib = mib;
    }

    public string Name => AlgorithmName;

    /// <summary>Whether HyStart has ended slow start (bictcp.found).</summary>
    public bool HystartFound => _found;

    /// <summary>The segments to ACK before cwnd grows by one (bictcp.cnt).</summary>
    public int Count => _cnt;

    /// <summary>last_max_cwnd (W_max).</summary>
    public int LastMaxCwnd => _lastMaxCwnd;

    /// <summary>bic_K in 2^-10 seconds.</summary>
    public uint K => _k;

    /// <summary>cubictcp_init: bictcp_reset (initial_ssthresh is 0, so ssthresh stays infinite).</summary>
    public void Init(CongestionWindow window)
    {
        Reset();
        if (_parameters.CubicHystart != 0) _roundPending = true;
    }

    /// <summary>cubictcp_recalc_ssthresh: remember W_max (lowered further on fast convergence), cut to β × cwnd.</summary>
    public int Ssthresh(CongestionWindow window)
    {
        _epochStart = 0;
        var cwnd = window.Cwnd;
        _lastMaxCwnd = cwnd < _lastMaxCwnd
            ? (int)((long)cwnd * (BetaScale + Beta) / (2 * BetaScale))
            : cwnd;
        return Math.Max((int)((long)cwnd * Beta / BetaScale), 2);
    }

    /// <summary>cubictcp_cong_avoid.</summary>
    public void CongestionAvoid(CongestionWindow window, int acked, uint nowJiffies)
    {
        if (!window.IsCwndLimited) return;
        if (window.InSlowStart)
        {
            acked = window.SlowStart(acked);
            if (acked == 0) return;
        }
        Update(window.Cwnd, acked, nowJiffies);
        window.CongestionAvoidAi(_cnt, acked);
    }

    /// <summary>tcp_reno_undo_cwnd, which CUBIC uses.</summary>
    public int UndoCwnd(CongestionWindow window) => Math.Max(window.Cwnd, window.PriorCwnd);

    /// <summary>cubictcp_state: a timeout starts over.</summary>
    public void SetState(CongestionState state)
    {
        if (state != CongestionState.Loss) return;
        Reset();
        _roundPending = true;
    }

    /// <summary>cubictcp_cwnd_event: after an idle period the epoch moves forward so the curve does not jump.</summary>
    public void CwndEvent(CongestionEvent congestionEvent, uint nowJiffies, uint lastSendJiffies)
    {
        if (congestionEvent != CongestionEvent.TxStart) return;
        var delta = unchecked((int)(nowJiffies - lastSendJiffies));
        if (_epochStart != 0 && delta > 0)
        {
            _epochStart = unchecked(_epochStart + (uint)delta);
            if (unchecked((int)(_epochStart - nowJiffies)) > 0) _epochStart = nowJiffies;
        }
    }

    /// <summary>
    /// cubictcp_acked: the minimum RTT, ignoring samples in the first second of an epoch; in slow start, HyStart
    /// (hystart_update) looks at the sample.
    /// </summary>
    public void PacketsAcked(CongestionWindow window, int acked, long rttMicros, long nowMicros, SeqNum sndUna, SeqNum sndNxt)
    {
        if (rttMicros < 0) return;
        var nowJiffies = Jiffies.FromMicros32(nowMicros);
        if (_epochStart != 0 && unchecked((int)(nowJiffies - _epochStart)) < Jiffies.Hz) return;
        var delay = rttMicros == 0 ? 1 : rttMicros;
        if (_delayMinMicros == 0 || _delayMinMicros > delay) _delayMinMicros = delay;
        if (!_found && window.InSlowStart && _parameters.CubicHystart != 0)
            HystartUpdate(window, delay, nowMicros, sndUna, sndNxt);
    }

    /// <summary>bictcp_hystart_reset: a new round starts now and ends once snd_una passes what is sent so far.</summary>
    private void HystartReset(long nowMicros, SeqNum sndNxt)
    {
        _roundPending = false;
        _roundStartUs = _lastAckUs = nowMicros;
        _endSeq = sndNxt;
        _currRttUs = long.MaxValue;
        _sampleCount = 0;
    }

    /// <summary>
    /// Mirrors hystart_update (net/ipv4/tcp_cubic.c): from hystart_low_window on, slow start ends (ssthresh = cwnd)
    /// when the ACKs of one round keep coming within hystart_ack_delta_us of each other for longer than half the
    /// minimum RTT (ACK train; halved because nothing paces these packets), or when the round's smallest of at
    /// least 8 RTT samples exceeds the minimum by an eighth of it, clamped to 4–16 ms (delay).
    /// </summary>
    private void HystartUpdate(CongestionWindow window, long delay, long nowMicros, SeqNum sndUna, SeqNum sndNxt)
    {
        if (_roundPending || sndUna > _endSeq) HystartReset(nowMicros, sndNxt);
        if (window.Cwnd < _parameters.CubicHystartLowWindow) return;
        var detect = _parameters.CubicHystartDetect;
        if ((detect & HystartAckTrain) != 0 && nowMicros - _lastAckUs <= _parameters.CubicHystartAckDeltaUs)
        {
            _lastAckUs = nowMicros;
            // SK_PACING_NONE: "Pacing might have delayed packets up to RTT/2 during slow start."
            var threshold = _delayMinMicros >> 1;
            if (nowMicros - _roundStartUs > threshold)
            {
                _found = true;
                _mib?.Increment(MibCounter.TcpExtTCPHystartTrainDetect);
                _mib?.Add(MibCounter.TcpExtTCPHystartTrainCwnd, window.Cwnd);
                window.Ssthresh = window.Cwnd;
            }
        }
        if ((detect & HystartDelay) != 0)
        {
            if (_currRttUs > delay) _currRttUs = delay;
            if (_sampleCount < HystartMinSamples)
            {
                _sampleCount++;
            }
            else if (_currRttUs > _delayMinMicros + Math.Clamp(_delayMinMicros >> 3, HystartDelayMinUs, HystartDelayMaxUs))
            {
                _found = true;
                _mib?.Increment(MibCounter.TcpExtTCPHystartDelayDetect);
                _mib?.Add(MibCounter.TcpExtTCPHystartDelayCwnd, window.Cwnd);
                window.Ssthresh = window.Cwnd;
            }
        }
    }

    private void Reset()
    {
        _found = false;
        _cnt = 0;
        _lastMaxCwnd = 0;
        _lastCwnd = 0;
        _lastTime = 0;
        _originPoint = 0;
        _k = 0;
        _delayMinMicros = 0;
        _epochStart = 0;
        _ackCount = 0;
        _tcpCwnd = 0;
    }

    /// <summary>Mirrors bictcp_update: the cubic target one RTT ahead and the ACK count per increment.</summary>
    private void Update(int cwnd, int acked, uint now)
    {
        _ackCount += acked;
        if (_lastCwnd == cwnd && unchecked((int)(now - _lastTime)) <= Jiffies.Hz / 32) return;
        // The cubic part is computed at most once per jiffy.
        if (_epochStart == 0 || now != _lastTime)
        {
            _lastCwnd = cwnd;
            _lastTime = now;
            if (_epochStart == 0)
            {
                // An epoch starts at the first ACK after a loss (0 is "none", as in the kernel).
                _epochStart = now == 0 ? 1 : now;
                _ackCount = acked;
                _tcpCwnd = cwnd;
                if (_lastMaxCwnd <= cwnd)
                {
                    _k = 0;
                    _originPoint = cwnd;
                }
                else
                {
                    _k = CubeRoot(CubeFactor * (ulong)(_lastMaxCwnd - cwnd));
                    _originPoint = _lastMaxCwnd;
                }
            }
            // t: time since the epoch plus one minimum RTT (the target is one RTT ahead), in 2^-10 s.
            var delayJiffies = (ulong)((_delayMinMicros + Jiffies.MicrosPerJiffy - 1) / Jiffies.MicrosPerJiffy);
            var t = (ulong)unchecked(now - _epochStart) + delayJiffies;
            t = (t << HzShift) / Jiffies.Hz;
            var offs = t < _k ? _k - t : t - _k;
            var delta = (long)((ulong)CubeRttScale * offs * offs * offs >> (10 + 3 * HzShift));
            var target = t < _k ? _originPoint - delta : _originPoint + delta;
            _cnt = target > cwnd ? (int)(cwnd / (target - cwnd)) : 100 * cwnd;
            // Slow growth while there is no W_max yet (the first epoch).
            if (_lastMaxCwnd == 0 && _cnt > 20) _cnt = 20;
        }
        // tcp_friendliness: never grow slower than Reno would.
        var perIncrement = cwnd * FriendlyBetaScale >> 3;
        while (perIncrement > 0 && _ackCount > perIncrement)
        {
            _ackCount -= perIncrement;
            _tcpCwnd++;
        }
        if (_tcpCwnd > cwnd)
        {
            var maxCnt = cwnd / (_tcpCwnd - cwnd);
            if (_cnt > maxCnt) _cnt = maxCnt;
        }
        _cnt = Math.Max(_cnt, 2);
    }

    /// <summary>⌊∛a⌋ by Newton's method on integers.</summary>
    private static uint CubeRoot(ulong a)
    {
        if (a == 0) return 0;
        var x = (ulong)Math.Cbrt(a) + 1;
        while (x * x * x > a) x--;
        while ((x + 1) * (x + 1) * (x + 1) <= a) x++;
        return (uint)x;
    }
}
