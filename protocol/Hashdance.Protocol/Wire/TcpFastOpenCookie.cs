using System.Runtime.CompilerServices;

namespace Hashdance.Protocol.Wire;

/// <summary>Inline storage for a TCP Fast Open cookie, up to TCP_FASTOPEN_COOKIE_MAX (16) bytes (RFC 7413 §4.1.1).</summary>
[InlineArray(MaxLength)]
public struct TcpFastOpenCookie
{
    public const int MinLength = 4;
    public const int MaxLength = 16;

    private byte _element0;
}
