namespace Hashdance.Bench.Stack.Harness;

/// <summary>The live managed heap, measured after full blocking, compacting collections (finalizers run between them).</summary>
public static class HeapMeter
{
    public static long LiveBytes()
    {
        for (var i = 0; i < 2; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
