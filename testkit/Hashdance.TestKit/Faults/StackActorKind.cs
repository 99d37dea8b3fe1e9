namespace Hashdance.TestKit;

/// <summary>The kinds of actor a stack is made of, for naming both ends of a dropped message.</summary>
public enum StackActorKind
{
    /// <summary>Matches any sender or receiver (also a message sent without a sender).</summary>
    Any,
    Manager,
    Ingress,
    Listener,
    RequestSock,
    Connection,
}
