using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cluster.Tests;

public sealed class ReuseportGroupTests
{
    private static readonly SipHashKey Key = SipHashKey.PairFromSeed(7).First;

    private static ReuseportGroup<string> Group(params string[] members)
    {
        var group = new ReuseportGroup<string>();
        foreach (var m in members) Assert.True(group.Add(m));
        return group;
    }

    [Theory]
    [InlineData(0u, 3, 0)]
    [InlineData(0x5555_5555u, 3, 0)]
    [InlineData(0x5555_5556u, 3, 1)]
    [InlineData(0xAAAA_AAABu, 3, 2)]
    [InlineData(0xFFFF_FFFFu, 3, 2)]
    [InlineData(0x8000_0000u, 2, 1)]
    [InlineData(0x7FFF_FFFFu, 2, 0)]
    public void Reciprocal_scale_maps_the_hash_range_onto_the_slots(uint hash, int count, int slot) =>
        Assert.Equal(slot, ReuseportGroup<string>.ReciprocalScale(hash, count));

    [Fact]
    public void Members_join_in_order_and_a_duplicate_is_refused()
    {
        var group = Group("a", "b", "c");
        Assert.False(group.Add("b"));
        Assert.Equal(["a", "b", "c"], group.Members);
        Assert.Equal("a", group.First);
    }

    [Fact]
    public void A_leaver_s_slot_is_taken_by_the_last_member_as_reuseport_detach_sock_does()
    {
        var group = Group("a", "b", "c", "d");
        Assert.True(group.Remove("b"));
        Assert.Equal(["a", "d", "c"], group.Members);
        Assert.False(group.Remove("b"));
        Assert.True(group.Remove("c"));
        Assert.Equal(["a", "d"], group.Members);
        Assert.True(group.Remove("a"));
        Assert.True(group.Remove("d"));
        Assert.Null(group.First);
        Assert.Null(group.Select(123));
    }

    [Fact]
    public void Selection_is_the_slot_of_the_scaled_hash()
    {
        var group = Group("a", "b", "c");
        Assert.Equal("a", group.Select(0x1000_0000));
        Assert.Equal("b", group.Select(0x6000_0000));
        Assert.Equal("c", group.Select(0xF000_0000));
    }

    [Fact]
    public void Migration_picks_among_the_others_as_if_the_leaver_were_detached()
    {
        var group = Group("a", "b", "c");
        // Without "b" the slots are [a, c]: the upper half of the hash range goes to "c".
        Assert.Equal("a", group.SelectForMigration(0x1000_0000, "b"));
        Assert.Equal("c", group.SelectForMigration(0x9000_0000, "b"));
        // A hash whose slot would be the leaver's own gets the member that takes that slot.
        Assert.Equal("b", group.SelectForMigration(0x9000_0000, "c"));
        Assert.Equal("c", group.SelectForMigration(0x1000_0000, "a"));
        Assert.Null(Group("solo").SelectForMigration(0x1234_5678, "solo"));
        // A member already gone: plain selection over the rest.
        Assert.Equal("b", Group("a", "b").SelectForMigration(0x9000_0000, "gone"));
    }

    [Fact]
    public void A_flow_always_reaches_the_same_member_and_flows_spread_over_all_members()
    {
        var group = Group("a", "b", "c");
        var counts = new Dictionary<string, int> { ["a"] = 0, ["b"] = 0, ["c"] = 0 };
        var server = Ipv4Address.Parse("192.168.0.1");
        var client = Ipv4Address.Parse("192.0.2.1");
        for (ushort port = 32768; port < 32768 + 3000; port++)
        {
            var tuple = new FourTuple(server, 8080, client, port);
            var first = group.Select(ReuseportGroup<string>.FlowHash(tuple, Key))!;
            Assert.Equal(first, group.Select(ReuseportGroup<string>.FlowHash(tuple, Key)));
            counts[first]++;
        }
        // A keyed hash over 3000 flows: each member gets close to a third (binomial sd ≈ 26).
        Assert.All(counts.Values, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void The_flow_hash_depends_on_the_key_and_every_tuple_field()
    {
        var t = new FourTuple(Ipv4Address.Parse("10.0.0.1"), 80, Ipv4Address.Parse("10.0.0.2"), 40000);
        var h = ReuseportGroup<string>.FlowHash(t, Key);
        Assert.NotEqual(h, ReuseportGroup<string>.FlowHash(t, SipHashKey.PairFromSeed(8).First));
        Assert.NotEqual(h, ReuseportGroup<string>.FlowHash(t with { RemotePort = 40001 }, Key));
        Assert.NotEqual(h, ReuseportGroup<string>.FlowHash(t with { LocalPort = 81 }, Key));
        Assert.NotEqual(h, ReuseportGroup<string>.FlowHash(t with { RemoteAddress = Ipv4Address.Parse("10.0.0.3") }, Key));
        Assert.NotEqual(h, ReuseportGroup<string>.FlowHash(t with { LocalAddress = Ipv4Address.Parse("10.0.0.4") }, Key));
    }
}
