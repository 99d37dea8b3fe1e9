using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit;

/// <summary>A frame the stack under test put on the wire, copied out of its pooled buffer.</summary>
public sealed record WireFrame(byte[] Bytes, long TimestampMicros)
{
    public EthernetRepr Ethernet
    {
        get
        {
            Assert.True(EthernetRepr.TryParse(Bytes, out var e, out var error), $"not Ethernet: {error}");
            return e;
        }
    }

    public Ipv4Repr Ip
    {
        get
        {
            Assert.True(FrameParser.TryParseIpv4(Bytes, out _, out var ip, out _, out var error), $"not IPv4: {error}");
            return ip;
        }
    }

    /// <summary>The TCP header (checksum verified) with the options as written; fails the test if not TCP.</summary>
    public TcpRepr Tcp
    {
        get
        {
            var settings = new TcpParseSettings { WindowScaling = true, Sack = true, Timestamps = true, TimestampsOk = true, SackOk = true };
            Assert.True(FrameParser.TryParseTcp(Bytes, settings, out _, out _, out var tcp, out _, out var error), $"not a valid TCP frame: {error}");
            return tcp;
        }
    }

    /// <summary>The raw TCP option bytes, for byte-exact comparisons of layout and order.</summary>
    public byte[] TcpOptionBytes
    {
        get
        {
            Assert.True(FrameParser.TryParseIpv4(Bytes, out _, out _, out var transport, out _));
            Assert.True(TcpPacket.TryParse(transport, out var tcp, out _));
            return tcp.Options.ToArray();
        }
    }

    public byte[] TcpPayload
    {
        get
        {
            var settings = new TcpParseSettings();
            Assert.True(FrameParser.TryParseTcp(Bytes, settings, out _, out _, out _, out var payload, out _));
            return payload.ToArray();
        }
    }
}
