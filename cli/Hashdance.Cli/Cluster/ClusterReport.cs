using System.Globalization;
using Hashdance.Cli.Experiments;
using Hashdance.Cluster.Experiments;

namespace Hashdance.Cli.Cluster;

/// <summary>Prints a cluster experiment's result: a per-node and total summary, or one JSON object.</summary>
internal static class ClusterReport
{
    public static void WriteSummary(ClusterExperimentResult r, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine("node  roles          handshakes  handshakes/s  p50 ms   p99 ms   max ms   RSTs sent");
        foreach (var n in r.Nodes)
        {
            var rsts = n.RstsSent is long sent ? sent.ToString(c) : "n/a";
            var roles = string.Join(",", n.Roles) + (n.Killed ? " (killed)" : "");
            o.WriteLine(string.Create(c,
                $"{n.Index,-5} {roles,-14} {n.Handshakes,10}  {n.HandshakesPerSecond,12:F0}  {n.Latency.P50,7:F3}  {n.Latency.P99,7:F3}  {n.Latency.Max,7:F3}  {rsts,9}"));
        }
        o.WriteLine(string.Create(c, $"handshakes          {r.Handshakes} of {r.ConnectionsRequested}"));
        o.WriteLine(string.Create(c, $"duration            {r.DurationSeconds:F3} s"));
        o.WriteLine(string.Create(c, $"handshakes/s        {r.HandshakesPerSecond:F0}"));
        o.WriteLine(string.Create(c, $"latency             p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, max {r.Latency.Max:F3} ms"));
        o.WriteLine(string.Create(c, $"migrated requests   {r.MigratedRequests} (failed {r.MigrationFailures})"));
        var unread = r.Nodes.Any(n => n.RstsSent is null) ? " (not counting nodes in other processes)" : "";
        o.WriteLine(string.Create(c, $"RSTs                sent {r.RstsSent}{unread}, seen by clients {r.ResetsSeenByClients}"));
        o.WriteLine(string.Create(c, $"connections         lost {r.ConnectionsLost}, recovered {r.ConnectionsRecovered}, gave up {r.GaveUp}"));
        foreach (var (reason, count) in r.Failures) o.WriteLine(string.Create(c, $"  {count} x {reason}"));
        if (r.KilledNode is int k) o.WriteLine(string.Create(c, $"killed node         {k} (entries left on the nic node: {r.LeftoverEntriesOfKilledNode})"));
    }

    public static void WriteJson(ClusterExperimentResult r, TextWriter o) => ExperimentHost.WriteJson(o, w =>
    {
        w.WriteNumber("connections_requested", r.ConnectionsRequested);
        w.WriteNumber("handshakes", r.Handshakes);
        w.WriteNumber("duration_s", Math.Round(r.DurationSeconds, 6));
        w.WriteNumber("handshakes_per_s", Math.Round(r.HandshakesPerSecond, 1));
        WriteLatency(w, r.Latency);
        w.WriteNumber("migrated_requests", r.MigratedRequests);
        w.WriteNumber("migration_failures", r.MigrationFailures);
        w.WriteNumber("rsts_sent", r.RstsSent);
        w.WriteNumber("resets_seen_by_clients", r.ResetsSeenByClients);
        w.WriteNumber("connections_lost", r.ConnectionsLost);
        w.WriteNumber("connections_recovered", r.ConnectionsRecovered);
        w.WriteNumber("gave_up", r.GaveUp);
        if (r.KilledNode is int k) w.WriteNumber("killed_node", k);
        else w.WriteNull("killed_node");
        w.WriteNumber("leftover_entries_of_killed_node", r.LeftoverEntriesOfKilledNode);
        w.WriteStartObject("failure_reasons");
        foreach (var (reason, count) in r.Failures) w.WriteNumber(reason, count);
        w.WriteEndObject();
        w.WriteStartArray("nodes");
        foreach (var n in r.Nodes)
        {
            w.WriteStartObject();
            w.WriteNumber("index", n.Index);
            w.WriteStartArray("roles");
            foreach (var role in n.Roles) w.WriteStringValue(role);
            w.WriteEndArray();
            w.WriteNumber("handshakes", n.Handshakes);
            w.WriteNumber("handshakes_per_s", Math.Round(n.HandshakesPerSecond, 1));
            WriteLatency(w, n.Latency);
            if (n.RstsSent is long sent) w.WriteNumber("rsts_sent", sent);
            else w.WriteNull("rsts_sent");
            w.WriteBoolean("killed", n.Killed);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    private static void WriteLatency(System.Text.Json.Utf8JsonWriter w, Hashdance.Actors.Experiments.LatencyStats latency)
    {
        w.WriteStartObject("latency_ms");
        w.WriteNumber("p50", latency.P50);
        w.WriteNumber("p99", latency.P99);
        w.WriteNumber("max", latency.Max);
        w.WriteEndObject();
    }
}
