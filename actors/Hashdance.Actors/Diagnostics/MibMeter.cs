using System.Diagnostics.Metrics;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Diagnostics;

/// <summary>
/// Publishes a stack's <see cref="MibCounters"/> through System.Diagnostics.Metrics: one observable counter per MIB
/// name (instrument "hashdance.mib", tag "counter" = nstat name, tag "stack" = the stack's name), so that
/// dotnet-counters, OpenTelemetry or a MeterListener can read what nstat would show.
/// </summary>
public sealed class MibMeter : IDisposable
{
    public const string MeterName = "Hashdance";
    public const string InstrumentName = "hashdance.mib";

    private readonly Meter _meter;

    public MibMeter(string stackName, MibCounters counters)
    {
        _meter = new Meter(MeterName, "1.0");
        var stackTag = new KeyValuePair<string, object?>("stack", stackName);
        _meter.CreateObservableCounter(InstrumentName, () => Observe(counters, stackTag), unit: "{events}",
            description: "Linux MIB counters (Tcp, TcpExt, Ip, Icmp) of one Hashdance stack");
    }

    private static IEnumerable<Measurement<long>> Observe(MibCounters counters, KeyValuePair<string, object?> stackTag)
    {
        var snapshot = counters.Snapshot();
        foreach (var counter in Enum.GetValues<MibCounter>())
        {
            yield return new Measurement<long>(snapshot[counter],
                stackTag, new KeyValuePair<string, object?>("counter", MibCounterNames.NstatName(counter)));
        }
    }

    public void Dispose() => _meter.Dispose();
}
