namespace Hashdance.Packetdrill.Language;

/// <summary>The TCP options a packet line can name.</summary>
public enum TcpOptionSpecKind
{
    Nop,
    Eol,
    Mss,
    WindowScale,
    SackPermitted,
    Sack,
    Timestamp,

    /// <summary><c>FO</c>: RFC 7413 option kind 34.</summary>
    FastOpen,

    /// <summary><c>FOEXP</c>: the experimental kind 254 with magic 0xF989.</summary>
    FastOpenExperimental,
}
