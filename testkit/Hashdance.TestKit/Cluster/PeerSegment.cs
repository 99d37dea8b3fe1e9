using Hashdance.Protocol.Wire;

namespace Hashdance.TestKit.Cluster;

/// <summary>A TCP segment the stack sent to the <see cref="RawPeer"/>, as seen from the peer (ports are the stack's source, the peer's destination).</summary>
public sealed record PeerSegment(ushort ServerPort, ushort PeerPort, SeqNum Seq, SeqNum Ack, TcpFlags Flags, byte[] Payload)
{
    public bool Is(TcpFlags flags) => (Flags & (TcpFlags.Syn | TcpFlags.Ack | TcpFlags.Rst | TcpFlags.Fin)) == flags;
}
