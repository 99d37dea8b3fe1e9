using System.Diagnostics;
using Akka.Actor;
using Hashdance.Bench.Stack.Harness;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Flood;

/// <summary>
/// The flood: SYNs from random sources in 10.0.0.0/8 (through the server's gateway) to one listener, written straight
/// onto the wire from one thread, at most <c>window</c> unanswered at a time (a closed loop: the rate is what the
/// server sustains, and its mailboxes never hold more than the window). Every <c>syns / legit</c> SYNs it asks the
/// <see cref="LegitDriver"/> for one legitimate connection, and at <c>samples</c> points it records the server's
/// state; the time spent sampling (full GCs) is not counted in the rate. With <c>window</c> 0 the loop is open: SYNs
/// go out as fast as the injector makes them and no answer is awaited (the harness's own ceiling).
/// </summary>
public static class SynInjector
{
    public sealed record Run(long Syns, double Seconds, IReadOnlyList<FloodSample> Samples);

    public static Run Flood(FloodTap tap, Ipv4Endpoint server, int syns, int window, int legit, IActorRef legitDriver, int samples,
        Func<long, FloodSample> sample, int seed)
    {
        var random = new Random(seed);
        Span<byte> frame = stackalloc byte[RawFrames.MaxFrameLength];
        var legitEvery = legit > 0 ? Math.Max(syns / legit, 1) : int.MaxValue;
        var sampleEvery = Math.Max(syns / Math.Max(samples, 1), 1);
        var taken = new List<FloodSample>();
        var sampling = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < syns; i++)
        {
            if (window > 0 && i - tap.Answered >= window) Check.That(tap.WaitForAnswers(i - window / 2, TimeSpan.FromSeconds(60)), $"the server stopped answering SYNs ({tap.Answered} of {i} answered)");
            var source = new Ipv4Address(0x0A00_0000u | (uint)random.Next(1 << 24));
            var port = (ushort)random.Next(1024, 65536);
            var length = RawFrames.Syn(frame, BenchNetwork.GatewayMac, BenchNetwork.ServerMac, source, port, server.Address, server.Port,
                new SeqNum((uint)i), (uint)i);
            tap.Send(frame[..length]);
            if (i % legitEvery == legitEvery / 2 && i / legitEvery < legit) legitDriver.Tell(LegitDriver.StartOne.Instance);
            if (samples > 0 && i % sampleEvery == 0)
            {
                var pause = Stopwatch.StartNew();
                taken.Add(sample(i + 1));
                sampling += pause.Elapsed;
            }
        }
        if (window > 0) Check.That(tap.WaitForAnswers(syns, TimeSpan.FromSeconds(60)), $"{syns - tap.Answered} of {syns} SYNs were never answered");
        var seconds = (watch.Elapsed - sampling).TotalSeconds;
        if (samples > 0) taken.Add(sample(syns));
        return new Run(syns, seconds, taken);
    }
}
