using Akka.Actor;
using Akka.Configuration;
using Hashdance.Actors.Api;
using Hashdance.Actors.Apps;
using Hashdance.Actors.Egress;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>
/// A Hashdance stack in this test process, on the lab's TAP, on Akka's real scheduler (this is the real wire: no
/// virtual time), recording every frame to a pcap file for the tshark check.
/// </summary>
public sealed class LabStack : IAsyncDisposable
{
    public static readonly MacAddress Mac = MacAddress.Parse("02:68:64:33:64:02");

    private LabStack(ActorSystem system, TapLink tap, ILink link, HashdanceStack stack, string? pcapPath)
    {
        System = system;
        Tap = tap;
        Link = link;
        Stack = stack;
        PcapPath = pcapPath;
    }

    public ActorSystem System { get; }
    public TapLink Tap { get; }
    public ILink Link { get; }
    public HashdanceStack Stack { get; }
    /// <summary>The capture of everything the stack sent and received, or null when the test asked for none.</summary>
    public string? PcapPath { get; }
    public AppCounters AppCounters { get; } = new();

    /// <param name="faults">Faults for the frames the stack sends (applied below the pcap recorder, so the capture is the stack's own view).</param>
    /// <param name="record">Whether to write the pcap file (a SYN flood's million frames are not worth recording).</param>
    /// <param name="queues">TAP queues (IFF_MULTI_QUEUE when above 1; the lab must have made a multi_queue device).</param>
    public static LabStack Start(LabNamespace lab, Func<StackSettings, StackSettings>? tweak = null, FaultPlan? faults = null, bool record = true,
        int queues = 1)
    {
        var system = ActorSystem.Create("interop", ConfigurationFactory.ParseString("""
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.log-dead-letters = off
            akka.log-dead-letters-during-shutdown = off
            """));
        var clock = new SchedulerClock(system.Scheduler);
        var tap = NetworkNamespace.Run(lab.Name, () => TapLink.Open(LabNamespace.Tap, new TapLinkOptions { Mac = Mac, Queues = queues }, clock));
        var pcapPath = record ? Path.Combine(Path.GetTempPath(), $"{lab.Name}.pcap") : null;
        ILink link = faults is null ? tap : new FaultInjector(tap, faults, system.Scheduler, seed: 9);
        if (pcapPath is not null) link = new PcapWriter(link, pcapPath, clock);
        var settings = new StackSettings
        {
            Name = "interop",
            Address = LabNamespace.StackAddress,
            PrefixLength = 24,
            Mac = Mac,
            Mtu = tap.Info.Mtu,
            Seed = 6,
            Sysctls = TcpSysctls.Default,
            Neighbours = NeighbourParameters.Default with { AnnounceAtStart = true },
        };
        settings = tweak?.Invoke(settings) ?? settings;
        return new LabStack(system, tap, link, HashdanceStack.Start(system, settings, link), pcapPath);
    }

    /// <summary>Listens on <paramref name="port"/> with <paramref name="app"/>; completes once in LISTEN.</summary>
    public async Task ServeAsync(ServeApp app, ushort port, int backlog = 4096)
    {
        var bound = new TaskCompletionSource<TcpEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        System.ActorOf(AppListener.Props(Stack.Manager, new Ipv4Endpoint(LabNamespace.StackAddress, port), backlog, app, AppCounters, bound));
        var result = await bound.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<Bound>(result);
    }

    /// <summary>One client connection to a kernel server: sends <paramref name="send"/>, collects what comes back.</summary>
    public async Task<(StreamClientResult Result, byte[] Received)> ConnectAsync(Ipv4Endpoint server, byte[] send, TimeSpan timeout)
    {
        using var source = new MemoryStream(send);
        using var sink = new MemoryStream();
        var done = new TaskCompletionSource<StreamClientResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        System.ActorOf(StreamClient.Props(Stack.Manager, server, source, sink, done));
        var result = await done.Task.WaitAsync(timeout);
        return (result, sink.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        await Link.DisposeAsync();
    }
}
