using System.Diagnostics.Metrics;
using Hashdance.Actors.Diagnostics;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Tests.Diagnostics;

public sealed class MibMeterTests
{
    [Fact]
    public void Meter_publishes_each_counter_under_its_nstat_name()
    {
        var counters = new MibCounters();
        counters.Increment(MibCounter.TcpExtListenOverflows);
        counters.Add(MibCounter.TcpOutSegs, 7);
        using var meter = new MibMeter("server", counters);

        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == MibMeter.MeterName && instrument.Name == MibMeter.InstrumentName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? name = null, stack = null;
            foreach (var t in tags)
            {
                if (t.Key == "counter") name = (string?)t.Value;
                if (t.Key == "stack") stack = (string?)t.Value;
            }
            if (stack == "server" && name is not null) seen[name] = value;
        });
        listener.Start();
        listener.RecordObservableInstruments();

        Assert.Equal(1, seen["TcpExtListenOverflows"]);
        Assert.Equal(7, seen["TcpOutSegs"]);
        Assert.Equal(0, seen["TcpExtSyncookiesSent"]);
        Assert.Equal(MibCounterNames.Count, seen.Count);
    }

    [Fact]
    public void Snapshot_prints_like_nstat_and_diffs()
    {
        var counters = new MibCounters();
        counters.Add(MibCounter.TcpPassiveOpens, 3);
        var before = counters.Snapshot();
        counters.Add(MibCounter.TcpPassiveOpens, 2);
        counters.Increment(MibCounter.TcpExtSyncookiesSent);
        var delta = counters.Snapshot().Since(before);

        Assert.Equal(2, delta[MibCounter.TcpPassiveOpens]);
        Assert.Equal(new Dictionary<string, long> { ["TcpPassiveOpens"] = 2, ["TcpExtSyncookiesSent"] = 1 }, delta.NonZero());
        var text = delta.ToNstatText();
        Assert.StartsWith("#kernel\n", text);
        Assert.Equal("#kernel\n" + "TcpPassiveOpens".PadRight(32) + " " + "2".PadLeft(16) + "\n"
            + "TcpExtSyncookiesSent".PadRight(32) + " " + "1".PadLeft(16) + "\n", text);
        Assert.Equal("Tcp", MibCounterNames.Group(MibCounter.TcpPassiveOpens));
        Assert.Equal("TcpExt", MibCounterNames.Group(MibCounter.TcpExtSyncookiesSent));
        Assert.Equal("SyncookiesSent", MibCounterNames.Field(MibCounter.TcpExtSyncookiesSent));
        Assert.True(MibCounterNames.TryParse("TcpExtListenDrops", out var c) && c == MibCounter.TcpExtListenDrops);
    }
}
