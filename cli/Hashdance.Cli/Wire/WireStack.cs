using System.Globalization;
using Akka.Actor;
using Hashdance.Actors.Egress;
using Hashdance.Actors.Stack;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Wire;

/// <summary>
/// One Hashdance stack on a real link, on Akka's real scheduler: the ActorSystem, the opened link (with an optional
/// pcap recorder around it) and the stack. Disposing stops the actors first, then closes the link, so no actor sends
/// on a closed device.
/// </summary>
internal sealed class WireStack : IAsyncDisposable
{
    private readonly ILink _rawLink;

    private WireStack(ActorSystem system, ILink rawLink, ILink link, HashdanceStack stack)
    {
        System = system;
        _rawLink = rawLink;
        Link = link;
        Stack = stack;
    }

    public ActorSystem System { get; }
    public ILink Link { get; }
    public HashdanceStack Stack { get; }

    /// <summary>The address the stack's MAC defaults to on a TAP: locally administered 02:68:64 ("hd") + the low three bytes of the IP.</summary>
    public static MacAddress DefaultTapMac(Ipv4Address address) => new(0x02_68_64_00_00_00UL | (address.Value & 0xFF_FFFFu));

    /// <summary>Opens the link and starts the stack; a <see cref="LinkOpenException"/> propagates with the system already gone.</summary>
    public static async Task<WireStack> StartAsync(WireLinkChoice choice, InterfaceAddress address, Ipv4Address? gateway, MacAddress? mac,
        string? pcapPath, int seed, Func<TcpSysctls, TcpSysctls> sysctls)
    {
        var system = Experiments.ExperimentHost.CreateSystem();
        ILink raw;
        try
        {
            var clock = new SchedulerClock(system.Scheduler);
            raw = choice.IsTap
                ? TapLink.Open(choice.Name, new TapLinkOptions { Mac = mac ?? DefaultTapMac(address.Address) }, clock)
                : PcapLink.Open(choice.Name, new PcapLinkOptions { Mac = mac }, clock);
            var link = pcapPath is null ? raw : new PcapWriter(raw, pcapPath, clock);
            var settings = new StackSettings
            {
                Name = "wire",
                Address = address.Address,
                PrefixLength = address.PrefixLength,
                Gateway = gateway,
                Mac = link.Info.Mac,
                // The route's advmss and the SYN's MSS follow the device MTU (ip_rt_min_advmss aside), as on Linux.
                Mtu = link.Info.Mtu,
                Seed = seed,
                Sysctls = sysctls(TcpSysctls.Default),
                Neighbours = NeighbourParameters.Default with { AnnounceAtStart = true },
            };
            return new WireStack(system, raw, link, HashdanceStack.Start(system, settings, link));
        }
        catch
        {
            await system.Terminate();
            throw;
        }
    }

    /// <summary>A one-line description for the start-up message.</summary>
    public string Describe()
    {
        var s = Stack.Settings;
        var kind = _rawLink is TapLink ? "tap" : "pcap";
        return string.Create(CultureInfo.InvariantCulture,
            $"{s.Address}/{s.PrefixLength} mac {s.Mac} on {kind} {Link.Info.Name} (mtu {s.Mtu}, mss {s.RouteAdvMss})");
    }

    /// <summary>Counters that are not MIB counters: the ARP cache's and the device's.</summary>
    public IEnumerable<(string Name, long Value)> ExtraCounters()
    {
        var n = Stack.Context.Egress.Neighbours.Statistics;
        yield return ("ArpEntries", n.Entries);
        yield return ("ArpLookups", n.Lookups);
        yield return ("ArpHits", n.Hits);
        yield return ("ArpResFailed", n.ResFailed);
        yield return ("ArpUnresolvedDiscards", n.UnresolvedDiscards);
        yield return ("ArpProbesSent", n.ProbesSent);
        switch (_rawLink)
        {
            case TapLink tap:
                yield return ("LinkRxFrames", tap.FramesReceived);
                yield return ("LinkTxFrames", tap.FramesSent);
                yield return ("LinkTxErrors", tap.SendErrors);
                yield return ("LinkRxErrors", tap.ReceiveErrors);
                break;
            case PcapLink pcap:
                yield return ("LinkRxFrames", pcap.FramesReceived);
                yield return ("LinkTxFrames", pcap.FramesSent);
                yield return ("LinkTxErrors", pcap.SendErrors);
                if (pcap.CaptureStatistics is { } stats)
                {
                    yield return ("PcapRecv", stats.Received);
                    yield return ("PcapDrop", stats.Dropped);
                    yield return ("PcapIfDrop", stats.InterfaceDropped);
                }
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await System.Terminate();
        await Link.DisposeAsync();
    }
}
