using Akka.Actor;
using Akka.Dispatch.MessageQueues;
using BenchmarkDotNet.Attributes;
using Hashdance.Actors.Support;

namespace Hashdance.Bench.Stack.Micro;

/// <summary>
/// The socket actors' <see cref="CompactMessageQueue"/> against Akka's default <see cref="UnboundedMessageQueue"/>
/// for what a request sock's or connection's mailbox sees in a handshake: created, a few messages in and out.
/// </summary>
[MemoryDiagnoser]
public class MailboxQueueBenchmarks
{
    private static readonly Envelope Message = new("segment", ActorRefs.NoSender);

    [Params(4, 32)]
    public int Messages { get; set; }

    [Benchmark(Baseline = true)]
    public int AkkaUnbounded() => Cycle(new UnboundedMessageQueue());

    [Benchmark]
    public int Compact() => Cycle(new CompactMessageQueue());

    private int Cycle(IMessageQueue queue)
    {
        for (var i = 0; i < Messages; i++) queue.Enqueue(ActorRefs.Nobody, Message);
        var n = 0;
        while (queue.TryDequeue(out _)) n++;
        return n;
    }
}
