using System.Buffers.Binary;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>
/// ICMPv4 types up to NR_ICMP_TYPES: errors quote the offending datagram's IP header and 8 bytes (RFC 792), queries
/// keep identifier, sequence number and data, and a type past 18 is an error for icmp_rcv (InErrors).
/// </summary>
public sealed class IcmpV4ReprTests
{
    private static readonly Ipv4Repr Quoted = new()
    {
        Source = Ipv4Address.Parse("192.168.0.1"), Destination = Ipv4Address.Parse("192.0.2.1"),
        Protocol = IpProtocol.Tcp, PayloadLength = 20 + 1460, Ttl = 64, DontFragment = true,
    };

    [Theory]
    [InlineData(IcmpV4Message.TimeExceeded, 0)]
    [InlineData(IcmpV4Message.ParameterProblem, 0)]
    [InlineData(IcmpV4Message.SourceQuench, 0)]
    [InlineData(IcmpV4Message.Redirect, 1)]
    public void An_error_type_round_trips_with_its_quoted_tcp_ports_and_sequence_number(IcmpV4Message message, byte code)
    {
        var repr = new IcmpV4Repr
        {
            Message = message, Code = code, QuotedHeader = Quoted,
            QuotedPayload = (ulong)8080 << 48 | (ulong)40000 << 32 | 123_456_789u,
        };
        Assert.True(repr.IsError);
        var buffer = new byte[repr.BufferLength(0)];
        Assert.Equal(8 + 20 + 8, repr.Emit(buffer, default));

        Assert.True(IcmpV4Repr.TryParse(buffer, out var parsed, out _));
        Assert.Equal(message, parsed.Message);
        Assert.Equal(code, parsed.Code);
        Assert.Equal((ushort)8080, parsed.QuotedSourcePort);
        Assert.Equal((ushort)40000, parsed.QuotedDestinationPort);
        Assert.Equal(new SeqNum(123_456_789), parsed.QuotedSequenceNumber);
        Assert.Equal(Quoted.Destination, parsed.QuotedHeader.Destination);
        Assert.Equal((ushort)0, parsed.NextHopMtu);
    }

    [Fact]
    public void A_timestamp_request_is_a_query_with_identifier_sequence_and_data()
    {
        var repr = new IcmpV4Repr { Message = IcmpV4Message.TimestampRequest, Identifier = 7, SequenceNumber = 9 };
        Assert.False(repr.IsError);
        var buffer = new byte[repr.BufferLength(12)];
        repr.Emit(buffer, new byte[12]);

        Assert.True(IcmpV4Repr.TryParse(buffer, out var parsed, out _));
        Assert.Equal((IcmpV4Message.TimestampRequest, (ushort)7, (ushort)9, 12),
            (parsed.Message, parsed.Identifier, parsed.SequenceNumber, parsed.DataLength));
    }

    [Fact]
    public void A_type_past_nr_icmp_types_is_unsupported_and_an_error_without_its_quote_is_truncated()
    {
        var unknown = new byte[8];
        unknown[0] = 19;
        BinaryPrimitives.WriteUInt16BigEndian(unknown.AsSpan(2), InternetChecksum.Compute(unknown));
        Assert.False(IcmpV4Repr.TryParse(unknown, out _, out var error));
        Assert.Equal(WireError.UnsupportedIcmpMessage, error);

        var bare = new byte[8];
        bare[0] = (byte)IcmpV4Message.TimeExceeded;
        BinaryPrimitives.WriteUInt16BigEndian(bare.AsSpan(2), InternetChecksum.Compute(bare));
        Assert.False(IcmpV4Repr.TryParse(bare, out _, out error));
        Assert.NotEqual(WireError.UnsupportedIcmpMessage, error);
    }
}
