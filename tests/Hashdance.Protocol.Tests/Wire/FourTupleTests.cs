using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

public sealed class FourTupleTests
{
    [Fact]
    public void Reversed_swaps_ends_and_equality_is_by_value()
    {
        var t = new FourTuple(Ipv4Address.Parse("10.0.0.1"), 80, Ipv4Address.Parse("10.0.0.2"), 40000);
        Assert.Equal(new FourTuple(Ipv4Address.Parse("10.0.0.2"), 40000, Ipv4Address.Parse("10.0.0.1"), 80), t.Reversed);
        Assert.Equal(t, t.Reversed.Reversed);
        Assert.NotEqual(t, t.Reversed);
        Assert.Equal(t.GetHashCode(), new FourTuple(t.LocalAddress, t.LocalPort, t.RemoteAddress, t.RemotePort).GetHashCode());
    }

    [Fact]
    public void Hash_spreads_client_ports_across_buckets()
    {
        var server = Ipv4Address.Parse("10.0.0.1");
        var client = Ipv4Address.Parse("10.0.0.2");
        var buckets = new int[64];
        for (var port = 30000; port < 30000 + 6400; port++)
            buckets[(uint)new FourTuple(server, 80, client, (ushort)port).GetHashCode() % 64]++;
        Assert.All(buckets, count => Assert.InRange(count, 50, 150));
    }

    [Fact]
    public void Dictionary_lookup_does_not_allocate()
    {
        var map = new Dictionary<FourTuple, int>();
        for (var port = 1; port <= 100; port++) map[new FourTuple(new Ipv4Address(1), 80, new Ipv4Address(2), (ushort)port)] = port;
        var sum = 0;
        for (var port = 1; port <= 100; port++) sum += map[new FourTuple(new Ipv4Address(1), 80, new Ipv4Address(2), (ushort)port)];
        sum = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var port = 1; port <= 100; port++) sum += map[new FourTuple(new Ipv4Address(1), 80, new Ipv4Address(2), (ushort)port)];
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
        Assert.Equal(5050, sum);
    }
}
