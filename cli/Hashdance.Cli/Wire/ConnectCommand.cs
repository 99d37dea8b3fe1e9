using System.CommandLine;
using System.Globalization;
using Hashdance.Actors.Apps;
using Hashdance.Cli.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Wire;

/// <summary>
/// <c>hashdance connect</c>: one Hashdance client connection on a real device to a server (a kernel one, typically):
/// sends --send's bytes, half-closes, stores what arrives in --receive until the server's FIN, and reports bytes and
/// SHA-256 each way.
/// </summary>
internal static class ConnectCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var wire = new WireOptions();
        var to = new Option<Ipv4Endpoint>("--to")
        {
            Description = "The server, ADDR:PORT.",
            HelpName = "ADDR:PORT",
            Required = true,
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 1 ? r.Tokens[0].Value : "";
                if (Ipv4Endpoint.TryParse(text, out var endpoint)) return endpoint;
                r.AddError($"'{text}' is not ADDR:PORT (e.g. 198.51.100.1:8000).");
                return default;
            },
        };
        var send = new Option<string?>("--send") { Description = "Send this file's bytes, then half-close.", HelpName = "FILE" };
        var receive = new Option<string?>("--receive") { Description = "Write the bytes received to this file.", HelpName = "FILE" };
        var json = new Option<bool>("--json") { Description = "Print one JSON object on stdout instead of the summary." };
        var command = new Command("connect", "Connect to a server from a Hashdance stack on a TAP device or an interface, send and receive, and report.")
        {
            to, send, receive, json,
        };
        foreach (var option in wire.All) command.Options.Add(option);
        command.SetAction(async (parseResult, outer) =>
        {
            using var signals = new StopSignals(outer);
            var cancellation = signals.Token;
            var choice = wire.ReadLink(parseResult, out var error);
            var sendPath = parseResult.GetValue(send);
            if (error is null && sendPath is not null && !File.Exists(sendPath)) error = $"no file '{sendPath}' to send";
            if (error is not null)
            {
                await stderr.WriteLineAsync($"hashdance: {error}");
                return ExitCodes.Failure;
            }
            var receivePath = parseResult.GetValue(receive);
            var pcap = parseResult.GetValue(wire.Pcap);
            if (!WireErrors.CheckWritable(pcap, stderr) || !WireErrors.CheckWritable(receivePath, stderr)) return ExitCodes.Failure;
            WireStack host;
            try
            {
                host = await WireStack.StartAsync(choice!, parseResult.GetValue(wire.Ip), parseResult.GetValue(wire.Gateway), parseResult.GetValue(wire.Mac),
                    pcap, wire.ReadSeed(parseResult), s => s);
            }
            catch (LinkOpenException e)
            {
                return WireErrors.Report(e, stderr);
            }
            await using (host)
            {
                await using var source = sendPath is null ? null : File.OpenRead(sendPath);
                await using var sink = receivePath is null ? null : File.Create(receivePath);
                var done = new TaskCompletionSource<StreamClientResult>(TaskCreationOptions.RunContinuationsAsynchronously);
                var started = DateTime.UtcNow;
                var remote = parseResult.GetValue(to);
                host.System.ActorOf(StreamClient.Props(host.Stack.Manager, remote, source, sink, done), "connect");
                await using (cancellation.Register(() => done.TrySetCanceled(cancellation)))
                {
                    StreamClientResult result;
                    try
                    {
                        result = await done.Task;
                    }
                    catch (OperationCanceledException)
                    {
                        await stderr.WriteLineAsync("hashdance: interrupted");
                        return ExitCodes.Failure;
                    }
                    var seconds = (DateTime.UtcNow - started).TotalSeconds;
                    if (parseResult.GetValue(json)) WriteJson(result, seconds, host, stdout);
                    else WriteSummary(result, seconds, stdout, stderr);
                    return result.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
                }
            }
        });
        return command;
    }

    private static void WriteSummary(StreamClientResult r, double seconds, TextWriter o, TextWriter e)
    {
        var c = CultureInfo.InvariantCulture;
        if (r.Error is not null) e.WriteLine($"hashdance: {r.Error}");
        if (!r.Connected) return;
        o.WriteLine(string.Create(c, $"connected       {r.Local} -> {r.Remote}"));
        o.WriteLine(string.Create(c, $"sent            {r.BytesSent} bytes  sha256 {Convert.ToHexStringLower(r.SentSha256)}"));
        o.WriteLine(string.Create(c, $"received        {r.BytesReceived} bytes  sha256 {Convert.ToHexStringLower(r.ReceivedSha256)}"));
        o.WriteLine(string.Create(c, $"duration        {seconds:F3} s"));
    }

    private static void WriteJson(StreamClientResult r, double seconds, WireStack host, TextWriter o) => ExperimentHost.WriteJson(o, w =>
    {
        w.WriteBoolean("connected", r.Connected);
        w.WriteBoolean("ok", r.Succeeded);
        w.WriteString("local", r.Local.ToString());
        w.WriteString("remote", r.Remote.ToString());
        w.WriteNumber("bytes_sent", r.BytesSent);
        w.WriteNumber("bytes_received", r.BytesReceived);
        w.WriteString("sha256_sent", Convert.ToHexStringLower(r.SentSha256));
        w.WriteString("sha256_received", Convert.ToHexStringLower(r.ReceivedSha256));
        w.WriteNumber("duration_s", Math.Round(seconds, 6));
        if (r.Error is null) w.WriteNull("error");
        else w.WriteString("error", r.Error);
        ExperimentHost.WriteCounters(w, "counters", host.Stack.Counters.Snapshot());
    });
}
