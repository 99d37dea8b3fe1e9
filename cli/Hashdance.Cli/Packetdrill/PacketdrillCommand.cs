using System.CommandLine;
using Hashdance.Packetdrill.Reporting;

namespace Hashdance.Cli.Packetdrill;

/// <summary>
/// <c>hashdance packetdrill [--json] [--ip 4|6] [-D NAME=VALUE]... PATH...</c>: runs packetdrill scripts (files, or
/// folders searched for *.pkt) against a fresh Hashdance stack each, in virtual time. One line per script and a
/// closing "N passed, N failed, N skipped" line, or one JSON object; the exit code is non-zero when any script
/// failed.
/// </summary>
internal static class PacketdrillCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var paths = new Argument<string[]>("PATH") { Description = "Scripts (.pkt) or folders to search for them.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: { results: [ { file, status, reason } ], passed, failed, skipped }." };
        var ip = new Option<int>("--ip") { Description = "IP family to run the scripts in (6 is skipped: the stack is IPv4-only).", DefaultValueFactory = _ => 4 };
        ip.AcceptOnlyFromAmong("4", "6");
        var defines = new Option<string[]>("--define", "-D") { Description = "Define a script symbol, NAME=VALUE (overrides the runners' TFO_COOKIE etc.).", HelpName = "NAME=VALUE" };

        var command = new Command("packetdrill", "Run packetdrill scripts against a Hashdance stack over the in-memory wire, in virtual time.")
        {
            paths, json, ip, defines,
        };
        command.SetAction(parseResult =>
        {
            var symbols = new Dictionary<string, string>();
            foreach (var define in parseResult.GetValue(defines) ?? [])
            {
                var equals = define.IndexOf('=');
                if (equals <= 0)
                {
                    stderr.WriteLine($"packetdrill: -D expects NAME=VALUE, got '{define}'");
                    return ExitCodes.Failure;
                }
                symbols[define[..equals]] = define[(equals + 1)..];
            }
            var asJson = parseResult.GetValue(json);
            var results = PacketdrillSuite.Run(parseResult.GetValue(paths) ?? [], parseResult.GetValue(ip), symbols,
                asJson ? null : result => stdout.WriteLine(ResultFormatter.Line(result)));
            if (asJson) stdout.WriteLine(ResultFormatter.Json(results));
            else stdout.WriteLine(ResultFormatter.Summary(results));
            return results.Any(r => r.Status == ScriptStatus.Fail) ? ExitCodes.Failure : ExitCodes.Success;
        });
        return command;
    }
}
