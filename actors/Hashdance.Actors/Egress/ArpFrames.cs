using Hashdance.NicIo;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Egress;

/// <summary>Builds one ARP frame on the stack and puts it on the link (arp_create + arp_xmit).</summary>
internal static class ArpFrames
{
    public static void Send(ILink link, MacAddress source, in ArpRepr arp, MacAddress destination)
    {
        Span<byte> buffer = stackalloc byte[EthernetRepr.HeaderLength + ArpRepr.Length];
        var written = FrameBuilder.BuildArp(buffer, new EthernetRepr(source, destination, EtherType.Arp), arp);
        link.Send(buffer[..written]);
    }
}
