using Hashdance.Protocol.Wire;

namespace Hashdance.NicIo;

/// <summary>What the stack needs to know about a link: its name, hardware address and MTU (bytes of IP payload).</summary>
public sealed record LinkInfo(string Name, MacAddress Mac, int Mtu);
