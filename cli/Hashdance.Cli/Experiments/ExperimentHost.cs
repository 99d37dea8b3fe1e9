using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Hashdance.Protocol.Mib;

namespace Hashdance.Cli.Experiments;

/// <summary>What every experiment command shares: a quiet ActorSystem, a checked output path, counters in JSON.</summary>
internal static class ExperimentHost
{
    public static ActorSystem CreateSystem() => ActorSystem.Create("hashdance", ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        """));

    /// <summary>True when <paramref name="path"/> can be created; otherwise <paramref name="why"/> says why.</summary>
    public static bool CanCreate(string path, out string why)
    {
        try
        {
            using (File.Create(path)) { }
            why = "";
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            why = e.Message;
            return false;
        }
    }

    /// <summary>The summary's "drops by reason" lines for both stacks.</summary>
    public static void WriteDrops(TextWriter o, MibSnapshot server, MibSnapshot client)
    {
        var c = System.Globalization.CultureInfo.InvariantCulture;
        var drops = Hashdance.Actors.Experiments.HandshakeExperiment.Drops(server);
        var clientDrops = Hashdance.Actors.Experiments.HandshakeExperiment.Drops(client);
        if (drops.Count == 0 && clientDrops.Count == 0) o.WriteLine("drops by reason    none");
        foreach (var (name, count) in drops) o.WriteLine(string.Create(c, $"drops (server)     {name} {count}"));
        foreach (var (name, count) in clientDrops) o.WriteLine(string.Create(c, $"drops (client)     {name} {count}"));
    }

    /// <summary>The non-zero MIB counters by nstat name, as one JSON object.</summary>
    public static void WriteCounters(Utf8JsonWriter w, string name, MibSnapshot snapshot)
    {
        w.WriteStartObject(name);
        foreach (var (counter, value) in snapshot.NonZero()) w.WriteNumber(counter, value);
        w.WriteEndObject();
    }

    /// <summary>Writes one JSON object built by <paramref name="body"/> to <paramref name="output"/>.</summary>
    public static void WriteJson(TextWriter output, Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }
}
