using System.Buffers.Binary;
using Hashdance.Packetdrill.Language;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Matching;

/// <summary>
/// The live fields of an inbound packet line (a.6): seq in the remote's numbering (absolute on SYNs, else relative
/// to the remote ISN), ack in the local's (learned ISN), options encoded as written with SACK edges shifted like acks
/// and the TS ecr rebased onto the live TS clock once an outbound TSval was seen.
/// </summary>
public readonly record struct InboundPacket(uint Seq, uint Ack, TcpFlags Flags, ushort Window, byte[] Options, int PayloadLength)
{
    /// <summary>
    /// Maps <paramref name="packet"/> for <paramref name="connection"/> (noting the remote ISN of a SYN on the way).
    /// <paramref name="tsEcrScaled"/>: the script's TS ecr values are already live (packetdrill's --tcp_ts_ecr_scaled).
    /// </summary>
    public static bool TryMap(TcpPacketEvent packet, ConnectionMapping connection, Func<string, string> resolve, bool tsEcrScaled,
        out InboundPacket mapped, out string error)
    {
        mapped = default;
        var syn = (packet.Flags & TcpFlags.Syn) != 0;
        if (syn) connection.NoteInboundSyn(packet.StartSeq);
        var seq = connection.LiveRemote(packet.StartSeq, syn);
        var ack = packet.Ack is { } a && (packet.Flags & TcpFlags.Ack) != 0 ? connection.LiveLocal(a, syn) : packet.Ack ?? 0;
        var options = EncodedOptions.None;
        if (packet.Options is { } list)
        {
            if (!TcpOptionEncoder.TryEncode(list, resolve, edge => connection.LiveLocal(edge, false), out options, out var encodeError))
            {
                error = $"cannot encode the inbound options: {encodeError}";
                return false;
            }
            if (options.TimestampOffset >= 0 && !tsEcrScaled)
            {
                var ecrAt = options.TimestampOffset + 4;
                var ecr = BinaryPrimitives.ReadUInt32BigEndian(options.Bytes.AsSpan(ecrAt));
                if (ecr != 0 || connection.TsOffset is not null)
                    BinaryPrimitives.WriteUInt32BigEndian(options.Bytes.AsSpan(ecrAt), connection.LiveTsEcr(ecr));
            }
        }
        mapped = new InboundPacket(seq, ack, packet.Flags, (ushort)(packet.Window ?? 0), options.Bytes, packet.PayloadLength);
        error = "";
        return true;
    }
}
