using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// Samples the runtime's GCAllocationTick events (one about every 100 KB allocated, naming the type whose allocation
/// crossed the threshold) in-process, so a benchmark can say which types its allocations go to. The figures are
/// estimates: bytes per type are the sampled share of the total.
/// </summary>
public sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly ConcurrentDictionary<string, long> _bytesByType = new();
    private volatile bool _recording;

    public void Start() => _recording = true;

    public void Stop() => _recording = false;

    /// <summary>The types that took the most sampled allocation, with their share of the total.</summary>
    public IReadOnlyList<(string Type, double Share)> Top(int count)
    {
        var total = (double)Math.Max(_bytesByType.Values.Sum(), 1);
        return _bytesByType.OrderByDescending(p => p.Value).Take(count).Select(p => (p.Key, p.Value / total)).ToList();
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_recording || e.EventName != "GCAllocationTick_V4" || e.Payload is null) return;
        var type = e.PayloadNames!.IndexOf("TypeName") is var t and >= 0 ? e.Payload[t] as string ?? "?" : "?";
        var amount = e.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0 ? Convert.ToInt64(e.Payload[a]) : 100_000;
        _bytesByType.AddOrUpdate(type, amount, (_, v) => v + amount);
    }
}
