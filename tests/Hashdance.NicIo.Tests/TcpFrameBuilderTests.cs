using System.Buffers.Binary;

namespace Hashdance.NicIo.Tests;

public sealed class TcpFrameBuilderTests
{
    [Fact]
    public void Syn_carries_the_twenty_option_bytes_and_valid_lengths()
    {
        var syn = TcpFrameBuilder.Handshake()[0];
        Assert.Equal(14 + 20 + 40, syn.Length);
        Assert.Equal(0x45, syn[14]);
        Assert.Equal(60, BinaryPrimitives.ReadUInt16BigEndian(syn.AsSpan(16)));
        Assert.Equal(10 << 4, syn[14 + 20 + 12]); // data offset: 40-byte TCP header
        Assert.Equal(TcpFrameBuilder.LinuxSynOptions(111, 0), syn[(14 + 20 + 20)..]);
        Assert.Equal(0x02, syn[14 + 20 + 13]); // SYN only
    }
}
