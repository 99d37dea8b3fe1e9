using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Experiments;
using Hashdance.Protocol.Mib;

namespace Hashdance.Cli.Experiments;

/// <summary>
/// <c>hashdance experiment handshake</c>: a client stack and a server stack in one ActorSystem over the in-memory
/// wire, opening connections; progress on stderr, a summary (or one JSON object with --json) on stdout.
/// </summary>
internal static class HandshakeCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var connections = new Option<int>("--connections", "-n") { Description = "Connections to open.", DefaultValueFactory = _ => 1000 };
        var concurrency = new Option<int>("--concurrency", "-c") { Description = "Connects in flight at once.", DefaultValueFactory = _ => 100 };
        var syncookies = new Option<int>("--syncookies") { Description = "net.ipv4.tcp_syncookies on both stacks: 0 never, 1 on SYN-queue overflow, 2 always.", DefaultValueFactory = _ => 1 };
        syncookies.AcceptOnlyFromAmong("0", "1", "2");
        var backlog = new Option<int>("--backlog") { Description = "The server's listen() backlog (capped by somaxconn, 4096).", DefaultValueFactory = _ => 4096 };
        var seed = new Option<int>("--seed") { Description = "Seed for the stacks' secrets and the fault injector.", DefaultValueFactory = _ => 1 };
        var pcap = new Option<string?>("--pcap") { Description = "Write the client's view of the wire to this pcap file.", HelpName = "FILE" };
        var settle = new Option<double>("--settle") { Description = "Seconds to wait for stragglers after the last connect returned (65 covers the SYN-ACK retry budget).", DefaultValueFactory = _ => 65 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the summary." };
        var faults = new FaultOptions();

        var command = new Command("handshake", "Open connections between two Hashdance stacks over the in-memory wire and report how the handshakes went.")
        {
            connections, concurrency, syncookies, backlog, seed, pcap, settle, json,
        };
        foreach (var option in faults.All) command.Options.Add(option);
        command.SetAction(async (parseResult, cancellation) =>
        {
            var options = new HandshakeExperimentOptions
            {
                Connections = parseResult.GetValue(connections),
                Concurrency = parseResult.GetValue(concurrency),
                Syncookies = parseResult.GetValue(syncookies),
                Backlog = parseResult.GetValue(backlog),
                Seed = parseResult.GetValue(seed),
                PcapPath = parseResult.GetValue(pcap),
                SettleTime = TimeSpan.FromSeconds(parseResult.GetValue(settle)),
                Faults = faults.Read(parseResult),
            };
            // Checked here rather than in a validator: validators see options left at their defaults as unset.
            var error = options.Connections < 1 ? "--connections must be at least 1"
                : options.Concurrency < 1 ? "--concurrency must be at least 1"
                : options.Backlog < 0 ? "--backlog must not be negative"
                : options.SettleTime < TimeSpan.Zero ? "--settle must not be negative"
                : null;
            if (error is not null)
            {
                await stderr.WriteLineAsync($"hashdance: {error}");
                return ExitCodes.Failure;
            }
            return await Run(options, parseResult.GetValue(json), stdout, stderr, cancellation);
        });
        return command;
    }

    private static async Task<int> Run(HandshakeExperimentOptions options, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        if (options.PcapPath is { } path && !ExperimentHost.CanCreate(path, out var why))
        {
            await stderr.WriteLineAsync($"hashdance: cannot write '{path}': {why}");
            return ExitCodes.Failure;
        }
        using var system = ExperimentHost.CreateSystem();
        await stderr.WriteLineAsync($"handshake experiment: {options.Connections} connections, concurrency {options.Concurrency}, syncookies {options.Syncookies}, backlog {options.Backlog}, seed {options.Seed}");
        var result = await HandshakeExperiment.RunAsync(system, options,
            p => stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.ElapsedSeconds,7:F1} s  established {p.Established}  failed {p.Failed}  accepted {p.Accepted}  in flight {p.InFlight}")),
            cancellation: cancellation);
        await system.Terminate();
        if (json) WriteJson(result, stdout);
        else WriteSummary(result, stdout);
        return result.Established == result.ConnectionsRequested && result.Accepted == result.Established ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void WriteSummary(HandshakeExperimentResult r, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        var s = r.ServerCounters;
        o.WriteLine(string.Create(c, $"established        {r.Established} of {r.ConnectionsRequested}"));
        o.WriteLine(string.Create(c, $"accepted           {r.Accepted}"));
        o.WriteLine(string.Create(c, $"failed             {r.Failed}"));
        foreach (var (reason, count) in r.FailureReasons) o.WriteLine(string.Create(c, $"  {count} x {reason}"));
        o.WriteLine(string.Create(c, $"duration           {r.DurationSeconds:F3} s"));
        o.WriteLine(string.Create(c, $"handshakes/s       {r.HandshakesPerSecond:F0}"));
        o.WriteLine(string.Create(c, $"latency            p50 {r.Latency.P50:F3} ms, p99 {r.Latency.P99:F3} ms, max {r.Latency.Max:F3} ms"));
        o.WriteLine(string.Create(c, $"SYN-ACK retransmits {r.SynAckRetransmits}"));
        o.WriteLine(string.Create(c, $"syncookies         sent {s[MibCounter.TcpExtSyncookiesSent]}, received {s[MibCounter.TcpExtSyncookiesRecv]}, failed {s[MibCounter.TcpExtSyncookiesFailed]}"));
        o.WriteLine(string.Create(c, $"faults             lost {r.Faults.Lost}, duplicated {r.Faults.Duplicated}, reordered {r.Faults.Reordered}, corrupted {r.Faults.Corrupted}"));
        ExperimentHost.WriteDrops(o, s, r.ClientCounters);
        if (r.NotAccepted.Count > 0)
        {
            o.WriteLine(string.Create(c, $"established by the client but not accepted by the server: {r.NotAccepted.Count}"));
            foreach (var line in r.NotAccepted) o.WriteLine($"  {line}");
        }
    }

    private static void WriteJson(HandshakeExperimentResult r, TextWriter o) => ExperimentHost.WriteJson(o, w =>
    {
        w.WriteNumber("connections_requested", r.ConnectionsRequested);
        w.WriteNumber("established", r.Established);
        w.WriteNumber("accepted", r.Accepted);
        w.WriteNumber("failed", r.Failed);
        w.WriteNumber("duration_s", Math.Round(r.DurationSeconds, 6));
        w.WriteNumber("handshakes_per_s", Math.Round(r.HandshakesPerSecond, 1));
        w.WriteStartObject("latency_ms");
        w.WriteNumber("p50", r.Latency.P50);
        w.WriteNumber("p99", r.Latency.P99);
        w.WriteNumber("max", r.Latency.Max);
        w.WriteEndObject();
        ExperimentHost.WriteCounters(w, "counters", r.ServerCounters);
        ExperimentHost.WriteCounters(w, "client_counters", r.ClientCounters);
        w.WriteStartObject("failure_reasons");
        foreach (var (reason, count) in r.FailureReasons) w.WriteNumber(reason, count);
        w.WriteEndObject();
        w.WriteStartArray("not_accepted");
        foreach (var line in r.NotAccepted) w.WriteStringValue(line);
        w.WriteEndArray();
        w.WriteStartObject("faults");
        w.WriteNumber("lost", r.Faults.Lost);
        w.WriteNumber("duplicated", r.Faults.Duplicated);
        w.WriteNumber("reordered", r.Faults.Reordered);
        w.WriteNumber("corrupted", r.Faults.Corrupted);
        w.WriteEndObject();
    });
}
