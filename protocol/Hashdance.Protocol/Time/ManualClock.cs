namespace Hashdance.Protocol.Time;

/// <summary>A clock that moves only when told; for tests of sans-IO cores.</summary>
public sealed class ManualClock(long startMicros = 0) : IClock
{
    public long NowMicros { get; private set; } = startMicros;

    public void Advance(long micros)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(micros);
        NowMicros += micros;
    }
}
