using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;
using static Hashdance.Protocol.Tests.Tcp.Connection.ConnectionTestBed;

namespace Hashdance.Protocol.Tests.Tcp.Connection;

/// <summary>tcp_v4_err for full sockets: ICMP errors abort a connect in SYN_SENT, and are only remembered later.</summary>
public class IcmpErrorTests
{
    private const long Start = 2_000_000;

    [Theory]
    [InlineData(3, Errno.ECONNREFUSED)]
    [InlineData(1, Errno.EHOSTUNREACH)]
    [InlineData(0, Errno.ENETUNREACH)]
    public void Destination_unreachable_quoting_our_syn_aborts_the_connect_with_icmp_err_convert_errno(byte code, int errno)
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(mib), Start, output);
        var isn = output.Single().Seq;
        output.Clear();

        Assert.True(core.OnIcmpError(3, code, isn, Start + 5000, output));

        Assert.Equal(TcpState.Close, core.State);
        Assert.Equal(errno, core.IcmpErrno);
        Assert.Equal([TcpSocketEvent.Unreachable], output.Events);
        Assert.Empty(output.Sent);
        Assert.False(output.Timers.ContainsKey(TcpTimer.Retransmit));
        Assert.Equal(1, mib[MibCounter.TcpAttemptFails]);
    }

    [Fact]
    public void A_quoted_sequence_outside_snd_una_to_snd_nxt_is_counted_and_ignored()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(mib), Start, output);
        var isn = output.Single().Seq;

        Assert.False(core.OnIcmpError(3, 3, isn + 1000, Start, output));

        Assert.Equal(TcpState.SynSent, core.State);
        Assert.Equal(1, mib[MibCounter.TcpExtOutOfWindowIcmps]);
        Assert.Equal(0, core.IcmpErrno);
    }

    [Fact]
    public void Fragmentation_needed_belongs_to_pmtu_discovery_and_does_not_abort()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = TcpConnectionCore.Connect(ActiveTuple, Settings(mib), Start, output);

        Assert.False(core.OnIcmpError(3, 4, output.Single().Seq, Start, output));
        Assert.Equal(TcpState.SynSent, core.State);
    }

    [Fact]
    public void On_an_established_connection_the_error_is_only_remembered()
    {
        var mib = new MibCounters();
        var output = new RecordingOutput();
        var core = EstablishedChild(mib, output);

        Assert.False(core.OnIcmpError(3, 1, core.SndUna, 200_000, output));

        Assert.Equal(TcpState.Established, core.State);
        Assert.Equal(Errno.EHOSTUNREACH, core.IcmpErrno);
        Assert.Empty(output.Events);
    }
}
