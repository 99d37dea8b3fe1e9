using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Hashdance.Actors.Experiments;

namespace Hashdance.Cli.Experiments;

/// <summary>
/// <c>hashdance experiment transfer</c>: connections between two stacks over the in-memory wire carry a seeded
/// stream each way; both ends hash what they send and receive (SHA-256), so corruption cannot go unnoticed.
/// </summary>
internal static class TransferCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var connections = new Option<int>("--connections", "-n") { Description = "Connections to open.", DefaultValueFactory = _ => 1 };
        var bytes = new Option<long>("--bytes")
        {
            Description = "Bytes to send in each direction on each connection (accepts K, M, G suffixes: 10M, 1G).",
            HelpName = "N",
            CustomParser = ParseSize,
            DefaultValueFactory = _ => 10L << 20,
        };
        var seed = new Option<int>("--seed") { Description = "Seed for the stacks, the streams and the fault injector.", DefaultValueFactory = _ => 1 };
        var pcap = new Option<string?>("--pcap") { Description = "Write the client's view of the wire to this pcap file.", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the summary." };
        var faults = new FaultOptions();
        var command = new Command("transfer", "Send data both ways between two Hashdance stacks over the in-memory wire and check every stream by SHA-256.")
        {
            connections, bytes, seed, pcap, json,
        };
        foreach (var option in faults.All) command.Options.Add(option);
        command.SetAction(async (parseResult, cancellation) =>
        {
            var options = new TransferExperimentOptions
            {
                Connections = parseResult.GetValue(connections),
                BytesPerDirection = parseResult.GetValue(bytes),
                Seed = parseResult.GetValue(seed),
                PcapPath = parseResult.GetValue(pcap),
                Faults = faults.Read(parseResult),
            };
            if (options.Connections < 1)
            {
                await stderr.WriteLineAsync("hashdance: --connections must be at least 1");
                return ExitCodes.Failure;
            }
            if (options.PcapPath is { } path && !ExperimentHost.CanCreate(path, out var why))
            {
                await stderr.WriteLineAsync($"hashdance: cannot write '{path}': {why}");
                return ExitCodes.Failure;
            }
            using var system = ExperimentHost.CreateSystem();
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"transfer experiment: {options.Connections} connection(s), {options.BytesPerDirection} bytes each way, seed {options.Seed}"));
            // Progress arrives per chunk; print a line when a connection finishes or a second of stack time has passed.
            var lastPrinted = double.NegativeInfinity;
            var lastFinished = -1;
            var result = await TransferExperiment.RunAsync(system, options, p =>
            {
                if (p.Finished == lastFinished && p.ElapsedSeconds - lastPrinted < 1) return;
                lastPrinted = p.ElapsedSeconds;
                lastFinished = p.Finished;
                stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {p.ElapsedSeconds,7:F1} s  finished {p.Finished}/{p.Connections}  received {p.BytesReceived} of {p.BytesExpected} bytes"));
            }, cancellation: cancellation);
            await system.Terminate();
            if (parseResult.GetValue(json)) WriteJson(result, stdout);
            else WriteSummary(result, stdout);
            return result.AllIntact ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static long ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var multiplier = 1L;
        if (text.Length > 0 && char.ToUpperInvariant(text[^1]) is 'K' or 'M' or 'G')
        {
            multiplier = char.ToUpperInvariant(text[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            text = text[..^1];
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue / multiplier)
            return value * multiplier;
        result.AddError($"'{result.Tokens.FirstOrDefault()?.Value}' is not a size: give bytes, optionally with K, M or G (10M, 1G).");
        return 0;
    }

    private static void WriteSummary(TransferExperimentResult r, TextWriter o)
    {
        var c = CultureInfo.InvariantCulture;
        o.WriteLine(string.Create(c, $"intact connections {r.IntactConnections} of {r.Connections}"));
        if (r.CorruptConnections > 0) o.WriteLine(string.Create(c, $"CORRUPT            {r.CorruptConnections}"));
        if (r.FailedConnections > 0) o.WriteLine(string.Create(c, $"failed             {r.FailedConnections}"));
        foreach (var error in r.Errors) o.WriteLine($"  {error}");
        o.WriteLine(string.Create(c, $"bytes each way     {r.BytesPerDirection}"));
        o.WriteLine(string.Create(c, $"duration           {r.DurationSeconds:F3} s"));
        o.WriteLine(string.Create(c, $"throughput         {r.ThroughputMbps:F1} Mbit/s"));
        o.WriteLine(string.Create(c, $"retransmits        {r.Retransmits}"));
        o.WriteLine(r.Rtt.Sockets == 0
            ? "rtt (srtt)         no socket reported one"
            : string.Create(c, $"rtt (srtt)         min {r.Rtt.MinMicros / 1000.0:F3} ms, mean {r.Rtt.MeanMicros / 1000.0:F3} ms, max {r.Rtt.MaxMicros / 1000.0:F3} ms over {r.Rtt.Sockets} sockets"));
        o.WriteLine(string.Create(c, $"faults             lost {r.Faults.Lost}, duplicated {r.Faults.Duplicated}, reordered {r.Faults.Reordered}, corrupted {r.Faults.Corrupted}"));
        ExperimentHost.WriteDrops(o, r.ServerCounters, r.ClientCounters);
    }

    private static void WriteJson(TransferExperimentResult r, TextWriter o) => ExperimentHost.WriteJson(o, w =>
    {
        w.WriteNumber("connections", r.Connections);
        w.WriteNumber("bytes_per_direction", r.BytesPerDirection);
        w.WriteBoolean("all_intact", r.AllIntact);
        w.WriteNumber("intact_connections", r.IntactConnections);
        w.WriteNumber("corrupt_connections", r.CorruptConnections);
        w.WriteNumber("duration_s", Math.Round(r.DurationSeconds, 6));
        w.WriteNumber("throughput_mbps", Math.Round(r.ThroughputMbps, 3));
        w.WriteNumber("retransmits", r.Retransmits);
        w.WriteStartObject("rtt");
        w.WriteNumber("srtt_min_ms", Math.Round(r.Rtt.MinMicros / 1000.0, 3));
        w.WriteNumber("srtt_mean_ms", Math.Round(r.Rtt.MeanMicros / 1000.0, 3));
        w.WriteNumber("srtt_max_ms", Math.Round(r.Rtt.MaxMicros / 1000.0, 3));
        w.WriteNumber("sockets", r.Rtt.Sockets);
        w.WriteEndObject();
        ExperimentHost.WriteCounters(w, "counters", r.ServerCounters);
        ExperimentHost.WriteCounters(w, "client_counters", r.ClientCounters);
        w.WriteStartArray("errors");
        foreach (var error in r.Errors) w.WriteStringValue(error);
        w.WriteEndArray();
    });
}
