using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Tests.Supervision;

/// <summary>What every supervision test checks once the failed socket is gone.</summary>
public static class SupervisionChecks
{
    /// <summary>
    /// Nothing leaked (ehash, queues, actors, timers: 75 quiet virtual seconds), and the listener still completes a
    /// fresh handshake whose child reaches the handler.
    /// </summary>
    public static void AssertCleanAndServing(HashdanceTestKit kit, BoundListener listener)
    {
        kit.AssertNoLeaks(listener);
        Handshakes.Complete(kit);
        var (_, _, connected) = kit.Accept(listener);
        Assert.Equal(new Ipv4Endpoint(StackUnderTest.PeerAddress, kit.Peer.Tuple.RemotePort), connected.RemoteAddress);
        kit.AssertEhash(kit.Peer.Tuple);
    }
}
