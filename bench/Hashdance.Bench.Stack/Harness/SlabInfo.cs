using System.Globalization;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// A reading of /proc/slabinfo (root only): bytes held by each kernel slab cache, as active objects × object size.
/// </summary>
public sealed class SlabInfo
{
    private readonly Dictionary<string, (long Active, int ObjectSize)> _caches;

    private SlabInfo(Dictionary<string, (long, int)> caches) => _caches = caches;

    /// <summary>Reads /proc/slabinfo; null when it cannot be read (not root, not Linux).</summary>
    public static SlabInfo? TryRead()
    {
        try
        {
            var caches = new Dictionary<string, (long, int)>(StringComparer.Ordinal);
            foreach (var line in File.ReadLines("/proc/slabinfo").Skip(2))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f.Length < 4) continue;
                caches[f[0]] = (long.Parse(f[1], CultureInfo.InvariantCulture), int.Parse(f[3], CultureInfo.InvariantCulture));
            }
            return caches.Count == 0 ? null : new SlabInfo(caches);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    public int ObjectSize(string cache) => _caches.TryGetValue(cache, out var c) ? c.ObjectSize : 0;

    /// <summary>Bytes of <paramref name="cache"/>'s active objects.</summary>
    public long Bytes(string cache) => _caches.TryGetValue(cache, out var c) ? c.Active * c.ObjectSize : 0;

    public long Objects(string cache) => _caches.TryGetValue(cache, out var c) ? c.Active : 0;
}
