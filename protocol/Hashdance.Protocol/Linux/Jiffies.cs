namespace Hashdance.Protocol.Linux;

/// <summary>
/// Linux's coarse tick counter, derived from our microsecond clock. The reference kernel (6.18 on the development
/// machines, spec §17 point 11) runs with HZ = 250, i.e. one jiffy per 4 ms. Unlike the kernel we start at 0
/// instead of INITIAL_JIFFIES (five minutes before the 32-bit wrap).
/// </summary>
public static class Jiffies
{
    /// <summary>CONFIG_HZ of the reference kernel.</summary>
    public const int Hz = 250;

    public const long MicrosPerJiffy = 1_000_000 / Hz;

    /// <summary>get_jiffies_64() for a clock reading in microseconds.</summary>
    public static ulong FromMicros(long micros) => (ulong)micros / MicrosPerJiffy;

    /// <summary>The low 32 bits, as the plain <c>jiffies</c> variable is used in 32-bit comparisons.</summary>
    public static uint FromMicros32(long micros) => (uint)FromMicros(micros);

    /// <summary>
    /// Mirrors <c>time_between32(t, l, h)</c> (include/linux/time.h): t in [l, h] with 32-bit wrap.
    /// </summary>
    /// <summary>
    /// The time in µs at which the 32-bit jiffies value <paramref name="jiffies"/> falls, taking the occurrence
    /// nearest to <paramref name="nowMicros"/>: kernel timers compare 32-bit jiffies with wrap-around (time_after),
    /// so a deadline kept in 32 bits must be widened against the current time, not by a plain multiplication,
    /// which would put it 2^32 jiffies (about 198 days) in the past once the clock has run that long.
    /// </summary>
    public static long ToMicros(uint jiffies, long nowMicros)
    {
        var now = FromMicros(nowMicros);
        var delta = unchecked((int)(jiffies - (uint)now));
        return ((long)now + delta) * MicrosPerJiffy;
    }

    public static bool Between32(uint t, uint low, uint high) => high - low >= t - low;
}
