using Akka.Actor;
using Hashdance.Actors.Ingress;
using Hashdance.Actors.Sockets;
using Hashdance.Actors.Stack;
using Hashdance.Protocol.Wire;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>Asks a stack what it holds: its ehash and listener table, and each listener's queue counters.</summary>
public static class StackProbe
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    public static Task<NicIngress.Tables> Tables(HashdanceStack stack) =>
        stack.Ingress.Ask<NicIngress.Tables>(NicIngress.GetTables.Instance, AskTimeout);

    public static async Task<ListenerActor.QueueState> QueueState(HashdanceStack stack, Ipv4Endpoint local)
    {
        var tables = await Tables(stack);
        if (!tables.Listeners.TryGetValue(local, out var listener)) throw new BenchCheckFailedException($"no listener on {local}");
        return await listener.Ask<ListenerActor.QueueState>(ListenerActor.GetQueueState.Instance, AskTimeout);
    }

    /// <summary>
    /// Waits until the ehash size satisfies <paramref name="condition"/> or <paramref name="patience"/> runs out, and
    /// returns the last size seen: sockets hash and unhash themselves a message or two after they report their start
    /// or end, so a round's last few entries may still be on their way.
    /// </summary>
    public static async Task<int> WaitForEhash(HashdanceStack stack, Func<int, bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var count = (await Tables(stack)).Ehash.Count;
            if (condition(count) || DateTime.UtcNow >= deadline) return count;
            await Task.Delay(20);
        }
    }
}
