using System.CommandLine;
using System.Globalization;
using Akka.Actor;
using Hashdance.Actors.Api;
using Hashdance.Actors.Apps;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Wire;

/// <summary>
/// <c>hashdance serve</c>: a Hashdance server on a real device (TAP or pcap) running echo, http or discard until
/// SIGINT/SIGTERM, then its counters under Linux's MIB names (nstat's format) on stdout.
/// </summary>
internal static class ServeCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var wire = new WireOptions();
        var port = new Option<ushort>("--port", "-p") { Description = "The TCP port to listen on.", Required = true };
        var app = new Option<ServeApp>("--app") { Description = "What to run on each connection: echo, http or discard.", DefaultValueFactory = _ => ServeApp.Http };
        var syncookies = new Option<int>("--syncookies") { Description = "net.ipv4.tcp_syncookies: 0 never, 1 on SYN-queue overflow, 2 always.", DefaultValueFactory = _ => 1 };
        syncookies.AcceptOnlyFromAmong("0", "1", "2");
        var backlog = new Option<int>("--backlog") { Description = "listen() backlog (capped by somaxconn, 4096).", DefaultValueFactory = _ => 4096 };
        var statsEvery = new Option<double?>("--stats-every") { Description = "Print the non-zero counters to stderr every SECONDS.", HelpName = "SECONDS" };
        var command = new Command("serve", "Serve echo, http or discard on a TAP device or an interface, until SIGINT or SIGTERM; then print the counters.")
        {
            port, app, syncookies, backlog, statsEvery,
        };
        foreach (var option in wire.All) command.Options.Add(option);
        command.SetAction(async (parseResult, outer) =>
        {
            using var signals = new StopSignals(outer);
            var cancellation = signals.Token;
            var choice = wire.ReadLink(parseResult, out var error);
            var every = parseResult.GetValue(statsEvery);
            error ??= parseResult.GetValue(backlog) < 0 ? "--backlog must not be negative"
                : every is <= 0 ? "--stats-every must be positive"
                : parseResult.GetValue(port) == 0 ? "--port must not be 0"
                : null;
            if (error is not null)
            {
                await stderr.WriteLineAsync($"hashdance: {error}");
                return ExitCodes.Failure;
            }
            var pcap = parseResult.GetValue(wire.Pcap);
            if (!WireErrors.CheckWritable(pcap, stderr)) return ExitCodes.Failure;
            var address = parseResult.GetValue(wire.Ip);
            var cookies = parseResult.GetValue(syncookies);
            WireStack host;
            try
            {
                host = await WireStack.StartAsync(choice!, address, parseResult.GetValue(wire.Gateway), parseResult.GetValue(wire.Mac), pcap,
                    wire.ReadSeed(parseResult), s => s with { TcpSyncookies = cookies });
            }
            catch (LinkOpenException e)
            {
                return WireErrors.Report(e, stderr);
            }
            await using (host)
            {
                return await Serve(host, new Ipv4Endpoint(address.Address, parseResult.GetValue(port)), parseResult.GetValue(app),
                    parseResult.GetValue(backlog), every, stdout, stderr, cancellation);
            }
        });
        return command;
    }

    private static async Task<int> Serve(WireStack host, Ipv4Endpoint local, ServeApp app, int backlog, double? statsEvery,
        TextWriter stdout, TextWriter stderr, CancellationToken cancellation)
    {
        var counters = new AppCounters();
        var bound = new TaskCompletionSource<TcpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.System.ActorOf(AppListener.Props(host.Stack.Manager, local, backlog, app, counters, bound), "serve");
        if (await bound.Task is CommandFailed failed)
        {
            await stderr.WriteLineAsync($"hashdance: cannot listen on {local}: {failed.Error}: {failed.Reason}");
            return ExitCodes.Failure;
        }
        await stderr.WriteLineAsync($"serving {app.ToString().ToLowerInvariant()} on {local}, {host.Describe()}; SIGINT or SIGTERM stops");
        ICancelable? stats = null;
        if (statsEvery is { } seconds)
        {
            var interval = TimeSpan.FromSeconds(seconds);
            var last = host.Stack.Counters.Snapshot();
            stats = host.System.Scheduler.Advanced.ScheduleRepeatedlyCancelable(interval, interval, () =>
            {
                var now = host.Stack.Counters.Snapshot();
                stderr.Write(Stamp(now.Since(last), counters));
                last = now;
            });
        }
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (cancellation.Register(() => stopped.TrySetResult()))
        {
            await stopped.Task;
        }
        stats?.Cancel();
        var final = host.Stack.Counters.Snapshot();
        await stdout.WriteAsync(final.ToNstatText());
        foreach (var (name, value) in AppLines(counters)) await stdout.WriteLineAsync(Line(name, value));
        foreach (var (name, value) in host.ExtraCounters()) await stdout.WriteLineAsync(Line(name, value));
        return ExitCodes.Success;
    }

    private static string Stamp(MibSnapshot delta, AppCounters counters) =>
        $"--- {DateTime.UtcNow:HH:mm:ss} (MIB counters since the last report; App* counters in total)\n" + delta.ToNstatText()[("#kernel\n".Length)..]
        + string.Concat(AppLines(counters).Where(p => p.Value != 0).Select(p => Line(p.Name, p.Value) + "\n"));

    private static IEnumerable<(string Name, long Value)> AppLines(AppCounters c) =>
    [
        ("AppAccepted", c.Accepted), ("AppFinished", c.Finished), ("AppFailed", c.Failed), ("AppBytesReceived", c.BytesReceived),
        ("AppBytesSent", c.BytesSent), ("AppHttpRequests", c.Requests),
    ];

    private static string Line(string name, long value) =>
        name.PadRight(32) + " " + value.ToString(CultureInfo.InvariantCulture).PadLeft(16);
}
