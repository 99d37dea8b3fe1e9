namespace Hashdance.TestKit.Tests;

/// <summary>The peer's side of a passive open with an MSS-only SYN, for tests whose subject comes after it.</summary>
public static class Handshakes
{
    public const string Syn = "S 0:0(0) win 65535 <mss 1460>";
    public const string SynAck = "S. 0:0(0) ack 1 win 64240 <mss 1460>";
    public const string Ack = ". 1:1(0) ack 1 win 65535";

    /// <summary>A new connection's SYN, and the stack's SYN-ACK checked: a request sock now waits for the ACK.</summary>
    public static void SynAndSynAck(HashdanceTestKit kit)
    {
        kit.Peer.Send(Syn);
        kit.Peer.Expect(SynAck);
    }

    /// <summary>SYN, SYN-ACK, ACK: the listener now has the child.</summary>
    public static void Complete(HashdanceTestKit kit)
    {
        SynAndSynAck(kit);
        kit.Peer.Send(Ack);
    }
}
