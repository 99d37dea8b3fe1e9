using System.Runtime.CompilerServices;

namespace Hashdance.Protocol.Wire;

/// <summary>Inline storage for the at most four SACK blocks that fit in 40 option bytes
/// (TCP_NUM_SACKS in include/linux/tcp.h).</summary>
[InlineArray(MaxBlocks)]
public struct TcpSackBlocks
{
    public const int MaxBlocks = 4;

    private TcpSackBlock _element0;
}
