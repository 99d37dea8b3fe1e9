using CsCheck;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>parse(emit(x)) == x for every repr.</summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Gen<MacAddress> GenMac = Gen.ULong[0, 0xFFFF_FFFF_FFFFUL].Select(v => new MacAddress(v));
    private static readonly Gen<Ipv4Address> GenIp = Gen.UInt.Select(v => new Ipv4Address(v));

    private static readonly Gen<Ipv4Repr> GenIpv4 =
        Gen.Select(GenIp, GenIp, Gen.Byte, Gen.Int[0, 2000], Gen.Byte, Gen.Byte, Gen.UShort, Gen.Bool,
            (src, dst, protocol, length, ttl, tos, id, df) => new Ipv4Repr
            {
                Source = src, Destination = dst, Protocol = (IpProtocol)protocol, PayloadLength = length,
                Ttl = ttl, Tos = tos, Identification = id, DontFragment = df,
            });

    [Fact]
    public void Ethernet() =>
        Gen.Select(GenMac, GenMac, Gen.UShort).Sample((src, dst, type) =>
        {
            var repr = new EthernetRepr(src, dst, (EtherType)type);
            var buffer = new byte[EthernetRepr.HeaderLength];
            Assert.Equal(14, repr.Emit(buffer));
            Assert.True(EthernetRepr.TryParse(buffer, out var parsed, out _));
            Assert.Equal(repr, parsed);
        }, iter: 200, seed: "0AeBzTxk3c31");

    [Fact]
    public void Arp() =>
        Gen.Select(Gen.Bool, GenMac, GenIp, GenMac, GenIp).Sample((request, sha, spa, tha, tpa) =>
        {
            var repr = new ArpRepr(request ? ArpOperation.Request : ArpOperation.Reply, sha, spa, tha, tpa);
            var buffer = new byte[ArpRepr.Length];
            repr.Emit(buffer);
            Assert.True(ArpRepr.TryParse(buffer, out var parsed, out _));
            Assert.Equal(repr, parsed);
        }, iter: 200, seed: "0Bq8wk1PV0k2");

    [Fact]
    public void Ipv4() =>
        GenIpv4.Sample(repr =>
        {
            var buffer = new byte[Ipv4Repr.HeaderLength + repr.PayloadLength];
            repr.Emit(buffer);
            Assert.True(Ipv4Repr.TryParse(buffer, out var parsed, out var error), error.ToString());
            Assert.Equal(repr, parsed);
        }, iter: 300, seed: "0Cz3Hq6yb0a1");

    [Fact]
    public void Icmp()
    {
        var genEcho = Gen.Select(Gen.Bool, Gen.UShort, Gen.UShort, Gen.Byte.Array[0, 100], (request, id, seq, data) =>
            (new IcmpV4Repr
            {
                Message = request ? IcmpV4Message.EchoRequest : IcmpV4Message.EchoReply,
                Identifier = id, SequenceNumber = seq, DataLength = data.Length,
            }, data));
        var genUnreachable = Gen.Select(Gen.Byte[0, 15], Gen.UShort, GenIpv4, Gen.ULong, (code, mtu, quoted, prefix) =>
            (new IcmpV4Repr
            {
                Message = IcmpV4Message.DestinationUnreachable, Code = code,
                NextHopMtu = code == IcmpV4Packet.CodeFragmentationNeeded ? mtu : (ushort)0,
                QuotedHeader = quoted, QuotedPayload = prefix,
            }, Array.Empty<byte>()));
        Gen.OneOf(genEcho, genUnreachable).Sample(pair =>
        {
            var (repr, data) = pair;
            var buffer = new byte[repr.BufferLength(data.Length)];
            Assert.Equal(buffer.Length, repr.Emit(buffer, data));
            Assert.True(IcmpV4Repr.TryParse(buffer, out var parsed, out var error), error.ToString());
            Assert.Equal(repr, parsed);
            if (repr.IsEcho) Assert.Equal(data, buffer[8..]);
        }, iter: 300, seed: "0DkE7bq0Zq41");
    }

    [Fact]
    public void Tcp() =>
        Gen.Select(PacketDotNetDifferentialTests.GenTcp, Gen.Byte.Array[0, 300], GenIp, GenIp).Sample((repr, payload, src, dst) =>
        {
            var buffer = new byte[repr.HeaderLength + payload.Length];
            Assert.Equal(buffer.Length, repr.Emit(buffer, src, dst, payload));
            Assert.True(TcpRepr.TryParse(buffer, src, dst, PacketDotNetDifferentialTests.SettingsFor(repr), out var parsed, out var error), error.ToString());
            Assert.Equal(repr with { PayloadOffset = repr.HeaderLength, PayloadLength = payload.Length }, parsed);
            Assert.Equal(payload, buffer[repr.HeaderLength..]);
        }, iter: 500, seed: "0EhSg8nKq3s2");

    [Fact]
    public void Tcp_options() =>
        Gen.OneOf(PacketDotNetDifferentialTests.GenSynOptions.Select(s => (s, true)),
                  PacketDotNetDifferentialTests.GenEstablishedOptions.Select(s => (s, false)))
            .Sample(pair =>
            {
                var (set, syn) = pair;
                var buffer = new byte[40];
                var length = TcpOptionWriter.Write(set, buffer);
                var settings = syn ? TcpParseSettings.Listener : TcpParseSettings.ForEstablished(true, true);
                var parsed = TcpOptions.Parse(buffer.AsSpan(0, length), syn, settings);
                Assert.Equal(set, parsed.ToOptionSet());
                Assert.Equal(TcpOptionReaderStatus.Complete, parsed.Status);
            }, iter: 500, seed: "0FqV3hm1Pz52");
}
