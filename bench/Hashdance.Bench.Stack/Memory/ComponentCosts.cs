using Akka.Actor;
using Hashdance.Actors.Support;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Memory;

/// <summary>
/// The breakdown of an idle connection, by experiment: each part is created <c>count</c> times on its own and the
/// live heap it adds is divided by <c>count</c>. Actor parts are measured as increments (an actor; with timers; watched
/// by its parent; watched by one more actor), the TCB and the ehash entries without any actor.
/// </summary>
public static class ComponentCosts
{
    public static async Task<IReadOnlyList<ComponentCost>> MeasureAsync(int count)
    {
        using var system = BenchNetwork.CreateSystem("breakdown");
        system.Settings.InjectTopLevelFallback(CompactMailbox.Registration);
        var defaultMailbox = await Actors(system, count, s => Props.Create(() => new ProbeActor(s)), watch: false, secondWatcher: false);
        var bare = await Actors(system, count, s => Compact(Props.Create(() => new ProbeActor(s))), watch: false, secondWatcher: false);
        var timers = await Actors(system, count, s => Compact(Props.Create(() => new ProbeTimerActor(s))), watch: false, secondWatcher: false);
        var watched = await Actors(system, count, s => Compact(Props.Create(() => new ProbeActor(s))), watch: true, secondWatcher: false);
        var twice = await Actors(system, count, s => Compact(Props.Create(() => new ProbeActor(s))), watch: true, secondWatcher: true);
        await system.Terminate();
        var tcb = Tcbs(count);
        var ehash = EhashEntries(count);
        return
        [
            new("actor", bare, "ActorCell, compact mailbox (as socket actors have), ActorRef, path and name, the parent's child entry, the (8-byte-field) actor object"),
            new("+ timers", timers - bare, "the TimerScheduler of an IWithTimers actor, no timer armed"),
            new("+ watched by parent", watched - bare, "DeathWatch: the listener watches each child (both cells' watch sets)"),
            new("+ watched by ingress", twice - watched, "DeathWatch by a second actor: NicIngress watches every socket it hashes"),
            new("TCB", tcb, "TcpConnectionCore with its two (empty) ByteRings and its ConnectionSettings"),
            new("ehash entry", ehash, "NicIngress: one _ehash entry (a socket on this node is not tracked by owner: it unhashes itself)"),
            new("(default mailbox)", defaultMailbox - bare, "not in a socket: what Akka's default unbounded mailbox would add to each actor"),
        ];
    }

    private static Props Compact(Props props) => props.WithMailbox(CompactMailbox.ConfigPath);

    private static async Task<double> Actors(ActorSystem system, int count, Func<CountdownSignal, Props> props, bool watch, bool secondWatcher)
    {
        var started = new CountdownSignal(count);
        var watchedBySecond = new CountdownSignal(count);
        var childProps = props(started);
        var parent = system.ActorOf(ProbeParent.Props());
        var watcher = secondWatcher ? system.ActorOf(ProbeWatcher.Props(watchedBySecond)) : null;
        var before = HeapMeter.LiveBytes();
        parent.Tell(new ProbeParent.SpawnChildren(count, childProps, watch, watcher));
        await Check.Within(started.Reached.ContinueWith(_ => true), TimeSpan.FromSeconds(120), () => $"starting {count} probe actors ({started.Count})");
        if (secondWatcher) await Check.Within(watchedBySecond.Reached.ContinueWith(_ => true), TimeSpan.FromSeconds(120), () => "watching probe actors");
        // The Watch system messages reach the children after their start: give them a moment.
        await Task.Delay(500);
        var after = HeapMeter.LiveBytes();
        await parent.GracefulStop(TimeSpan.FromSeconds(120));
        if (watcher is not null) await watcher.GracefulStop(TimeSpan.FromSeconds(30));
        return (double)(after - before) / count;
    }

    private static double Tcbs(int count)
    {
        var cores = new TcpConnectionCore[count];
        var secrets = new TcpSecrets(1);
        var mib = new MibCounters();
        var before = HeapMeter.LiveBytes();
        for (var i = 0; i < count; i++)
        {
            var settings = new ConnectionSettings(TcpSysctls.Default, SocketOptions.Default, 1460, secrets, mib);
            var tuple = new FourTuple(BenchNetwork.ClientAddress, (ushort)(1024 + i % 60_000), BenchNetwork.ServerAddress, (ushort)(8080 + i / 60_000));
            cores[i] = TcpConnectionCore.Connect(tuple, settings, 1_000_000, NullTcpOutput.Instance);
        }
        var after = HeapMeter.LiveBytes();
        GC.KeepAlive(cores);
        return (double)(after - before) / count;
    }

    private static double EhashEntries(int count)
    {
        var sockets = new object[count];
        for (var i = 0; i < count; i++) sockets[i] = new object();
        var ehash = new Dictionary<FourTuple, object>();
        var before = HeapMeter.LiveBytes();
        for (var i = 0; i < count; i++)
        {
            var tuple = new FourTuple(BenchNetwork.ServerAddress, (ushort)(8080 + i / 60_000), BenchNetwork.ClientAddress, (ushort)(1024 + i % 60_000));
            ehash.Add(tuple, sockets[i]);
        }
        var after = HeapMeter.LiveBytes();
        GC.KeepAlive(sockets);
        GC.KeepAlive(ehash);
        return (double)(after - before) / count;
    }
}
