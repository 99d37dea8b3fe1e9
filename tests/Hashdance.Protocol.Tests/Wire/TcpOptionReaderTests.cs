using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

public sealed class TcpOptionReaderTests
{
    private static List<(TcpOptionKind Kind, int Length, int Offset, byte[] Data)> ReadAll(byte[] options, out TcpOptionReaderStatus status, out int stoppedAt)
    {
        var list = new List<(TcpOptionKind, int, int, byte[])>();
        var reader = new TcpOptionReader(options);
        while (reader.MoveNext()) list.Add((reader.Current.Kind, reader.Current.Length, reader.Current.Offset, reader.Current.Data.ToArray()));
        status = reader.Status;
        stoppedAt = reader.StoppedAt;
        return list;
    }

    [Fact]
    public void Yields_every_option_including_nops_and_unknown_kinds()
    {
        byte[] options = [0x02, 0x04, 0x05, 0xB4, 0x01, 0x63, 0x04, 0xAA, 0xBB, 0x01, 0x03, 0x03, 0x07];
        var all = ReadAll(options, out var status, out var stoppedAt);
        Assert.Equal(5, all.Count);
        Assert.Equal((TcpOptionKind.Mss, 4, 0), (all[0].Kind, all[0].Length, all[0].Offset));
        Assert.Equal([0x05, 0xB4], all[0].Data);
        Assert.Equal((TcpOptionKind.Nop, 1, 4), (all[1].Kind, all[1].Length, all[1].Offset));
        Assert.Equal(((TcpOptionKind)0x63, 4, 5), (all[2].Kind, all[2].Length, all[2].Offset));
        Assert.Equal([0xAA, 0xBB], all[2].Data);
        Assert.Equal((TcpOptionKind.Nop, 1, 9), (all[3].Kind, all[3].Length, all[3].Offset));
        Assert.Equal((TcpOptionKind.WindowScale, 3, 10), (all[4].Kind, all[4].Length, all[4].Offset));
        Assert.Equal(TcpOptionReaderStatus.Complete, status);
        Assert.Equal(13, stoppedAt);
    }

    [Fact]
    public void Eol_is_yielded_then_reading_stops()
    {
        var all = ReadAll([0x01, 0x00, 0x02, 0x04], out var status, out var stoppedAt);
        Assert.Equal(2, all.Count);
        Assert.Equal(TcpOptionKind.Eol, all[1].Kind);
        Assert.Equal(TcpOptionReaderStatus.EndOfList, status);
        Assert.Equal(2, stoppedAt);
    }

    [Theory]
    [InlineData(new byte[] { 0x01, 0x08, 0x00 }, TcpOptionReaderStatus.BadLength, 1, 1)]
    [InlineData(new byte[] { 0x01, 0x08, 0x0B, 0, 0 }, TcpOptionReaderStatus.LengthBeyondEnd, 1, 1)]
    [InlineData(new byte[] { 0x01, 0x01, 0x05 }, TcpOptionReaderStatus.MissingLength, 2, 2)]
    public void Malformed_input_reports_where_it_stopped(byte[] options, TcpOptionReaderStatus expected, int yielded, int at)
    {
        var all = ReadAll(options, out var status, out var stoppedAt);
        Assert.Equal(yielded, all.Count);
        Assert.Equal(expected, status);
        Assert.Equal(at, stoppedAt);
        var reader = new TcpOptionReader(options);
        while (reader.MoveNext()) { }
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Empty_area_is_complete_and_foreach_works()
    {
        var count = 0;
        foreach (var option in new TcpOptionReader([0x01, 0x01, 0x01]))
        {
            Assert.Equal(TcpOptionKind.Nop, option.Kind);
            count++;
        }
        Assert.Equal(3, count);
        var empty = new TcpOptionReader([]);
        Assert.False(empty.MoveNext());
        Assert.Equal(TcpOptionReaderStatus.Complete, empty.Status);
    }
}
