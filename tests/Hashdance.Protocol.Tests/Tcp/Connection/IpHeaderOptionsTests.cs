using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>IP_TOS, IP_TTL and IP_MTU_DISCOVER set on a live socket shape the IP header of its next segments.</summary>
public sealed class IpHeaderOptionsTests
{
    private const long T0 = 100_000;

    [Fact]
    public void Tos_ttl_and_pmtu_discovery_apply_from_the_next_segment_on()
    {
        var output = new RecordingOutput();
        var core = EstablishedChild(new MibCounters(), output, T0);
        core.Send(Payload(10), T0 + 1000, output);
        var before = output.Sent[^1].Segment;
        Assert.Equal(((byte)0, (byte)64, true), (before.Tos, before.Ttl, before.DontFragment));

        // ip_dont_fragment: IP_PMTUDISC_DONT clears DF; IP_TOS and IP_TTL are read per packet.
        core.SetOptions(SocketOptions.Default with { TypeOfService = 4, TimeToLive = 7, PathMtuDiscovery = 0 }, T0 + 2000, output);
        core.OnSegment(FromClient(TcpFlags.Ack, 1, 11), default, T0 + 3000, output);
        core.Send(Payload(10), T0 + 4000, output);

        var after = output.Sent[^1].Segment;
        Assert.Equal(((byte)4, (byte)7, false), (after.Tos, after.Ttl, after.DontFragment));
    }
}
