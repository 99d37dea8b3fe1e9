using System.Reflection;
using Akka.Actor;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Hashdance.Actors.Cluster;
using Hashdance.Actors.Messages;
using Hashdance.NicIo;
using Hashdance.Protocol.Config;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Tests;

/// <summary>The internal messages between a nic node and a sockets node: explicitly bound to Hyperion and intact after a round trip.</summary>
public sealed class CrossNodeMessagesTests() : Akka.TestKit.Xunit2.TestKit(HashdanceConfig.Full.WithFallback("akka.actor.serialize-messages = on"))
{
    private static readonly FourTuple Tuple = new(Ipv4Address.Parse("192.168.0.1"), 8080, Ipv4Address.Parse("192.0.2.1"), 40000);

    private T RoundTrip<T>(T message) where T : notnull
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        Assert.IsType<HyperionSerializer>(serializer);
        return Assert.IsType<T>(serializer.FromBinary(serializer.ToBinary(message), typeof(T)));
    }

    [Fact]
    public void Every_cross_node_type_is_bound_to_hyperion_by_its_own_binding()
    {
        Assert.All(HyperionBindings.CrossNodeMessageTypes, t =>
        {
            Assert.Contains(t, HyperionBindings.MessageTypes);
            Assert.IsType<HyperionSerializer>(Sys.Serialization.FindSerializerForType(t));
        });
        Assert.Equal(25, HyperionBindings.CrossNodeMessageTypes.Count);
        Assert.True(Sys.Settings.Config.GetBoolean("akka.actor.serialization-settings.hyperion.disallow-unsafe-type", false));
    }

    [Fact]
    public void A_segment_keeps_its_frame_bytes_offset_and_timestamp()
    {
        byte[] bytes = [.. Enumerable.Range(0, 66).Select(i => (byte)i)];
        var back = RoundTrip(new SegmentArrived(PooledFrame.Copy(bytes, 12345), 14));
        Assert.Equal(bytes, back.Frame.Span.ToArray());
        Assert.Equal(14, back.IpOffset);
        Assert.Equal(12345, back.Frame.TimestampMicros);
        back.Frame.Dispose();
        Assert.True(back.Frame.IsDisposed);
    }

    [Fact]
    public void A_request_snapshot_travels_with_its_insert_and_its_migration()
    {
        var state = new RequestSockState
        {
            Tuple = Tuple, RcvIsn = new SeqNum(1000), RcvNxt = new SeqNum(1001), SntIsn = new SeqNum(0xDEADBEEF), Mss = 1460, AdvertisedMss = 1460,
            TsRecent = 77, TimestampOk = true, SackOk = true, WindowScaleOk = true, SndWscale = 7, RcvWscale = 9, RcvWnd = 65535,
            SavedSyn = [1, 2, 3], CreatedMicros = 42,
        };
        var insert = RoundTrip(new EhashInsert(Tuple, ActorRefs.Nobody, state));
        var migrated = RoundTrip(new MigrateRequest(state));
        foreach (var copy in new[] { insert.Request!, migrated.State })
        {
            Assert.Equal((state.Tuple, state.RcvIsn, state.RcvNxt, state.SntIsn, state.Mss, state.TsRecent, state.SndWscale, state.RcvWscale),
                (copy.Tuple, copy.RcvIsn, copy.RcvNxt, copy.SntIsn, copy.Mss, copy.TsRecent, copy.SndWscale, copy.RcvWscale));
            Assert.Equal((state.TimestampOk, state.SackOk, state.WindowScaleOk, state.RcvWnd, state.CreatedMicros),
                (copy.TimestampOk, copy.SackOk, copy.WindowScaleOk, copy.RcvWnd, copy.CreatedMicros));
            Assert.Equal(state.SavedSyn, copy.SavedSyn);
        }
        Assert.Equal(Tuple, insert.Tuple);
    }

    [Fact]
    public void A_time_wait_entry_handed_over_by_a_remote_connection_keeps_its_state()
    {
        var ctor = typeof(TimeWaitCore).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single();
        var entry = (TimeWaitCore)ctor.Invoke([Tuple, TcpState.TimeWait, new SeqNum(5000), new SeqNum(9000), 64240u, (byte)7, 11u, 22L, 33u, (byte)0,
            60_000_000L, 1_000_000L, TcpSysctls.Default, new MibCounters()]);
        var back = RoundTrip(new TimeWaitHandOff(Tuple, ActorRefs.Nobody, entry)).Entry;
        Assert.Equal((entry.Substate, entry.RcvNxt, entry.TsRecent, entry.TsRecentStampSeconds, entry.DeadlineMicros),
            (back.Substate, back.RcvNxt, back.TsRecent, back.TsRecentStampSeconds, back.DeadlineMicros));
    }

    [Fact]
    public void Listener_and_link_messages_round_trip()
    {
        var endpoint = new Ipv4Endpoint(Ipv4Address.Parse("192.168.0.1"), 8080);
        Assert.Equal(new ListenerAdd(endpoint, ActorRefs.Nobody, true), RoundTrip(new ListenerAdd(endpoint, ActorRefs.Nobody, true)));
        Assert.Equal(new Unhashed(Tuple, ActorRefs.Nobody), RoundTrip(new Unhashed(Tuple, ActorRefs.Nobody)));
        Assert.Equal(new ConnectHash(endpoint, 0, ActorRefs.Nobody), RoundTrip(new ConnectHash(endpoint, 0, ActorRefs.Nobody)));
        byte[] frame = [0xFF, 0x00, 0x7F];
        Assert.Equal(frame, RoundTrip(new RemoteFrame(frame)).Frame);
        Assert.Equal(new SeqNum(99), RoundTrip(new IcmpErrorArrived(Tuple, 3, 4, new SeqNum(99), 1400)).QuotedSeq);
    }
}
