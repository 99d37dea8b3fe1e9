using System.Diagnostics;
using Hashdance.Bench.Stack.Harness;

namespace Hashdance.Bench.Stack.Stream;

/// <summary>
/// The four calls of a connected pair (client send/receive, server send/receive) and the two workloads the stream
/// benchmark runs over them, so the kernel and Hashdance pairs run exactly the same code.
/// </summary>
public sealed record StreamEnds(
    Func<ReadOnlyMemory<byte>, ValueTask> ClientSend,
    Func<Memory<byte>, ValueTask<int>> ClientReceive,
    Func<ReadOnlyMemory<byte>, ValueTask> ServerSend,
    Func<Memory<byte>, ValueTask<int>> ServerReceive,
    string Name)
{
    /// <summary>Sends <paramref name="bytes"/> from the client to the server in <paramref name="chunk"/>-byte writes; returns once the server has read them all.</summary>
    public async Task BulkAsync(long bytes, int chunk)
    {
        var send = Task.Run(async () =>
        {
            var buffer = new byte[chunk];
            for (var sent = 0L; sent < bytes; sent += chunk) await ClientSend(buffer.AsMemory(0, (int)Math.Min(chunk, bytes - sent)));
        });
        var buffer = new byte[chunk];
        for (var received = 0L; received < bytes;)
        {
            var n = await ServerReceive(buffer.AsMemory());
            // The message is built only on failure: an interpolated string per receive was most of what the bulk
            // rounds allocated.
            if (n <= 0) Check.Fail($"the {Name} connection ended during the bulk transfer");
            received += n;
        }
        await send;
    }

    /// <summary>
    /// <paramref name="count"/> 1-byte request/response exchanges (the client writes one byte, the server reads it and
    /// writes one back, the client reads it); each exchange's time in Stopwatch ticks goes into <paramref name="ticks"/>.
    /// </summary>
    public async Task PingPongAsync(int count, long[] ticks)
    {
        var echo = Task.Run(async () =>
        {
            var b = new byte[1];
            for (var i = 0; i < count; i++)
            {
                if (await ServerReceive(b.AsMemory()) != 1) Check.Fail($"the {Name} connection ended during the ping-pong");
                await ServerSend(b.AsMemory());
            }
        });
        var one = new byte[1];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await ClientSend(one.AsMemory());
            if (await ClientReceive(one.AsMemory()) != 1) Check.Fail($"the {Name} connection ended during the ping-pong");
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }
        await echo;
    }
}
