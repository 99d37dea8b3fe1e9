namespace Hashdance.Actors.Api;

/// <summary>getsockopt(TCP_SAVED_SYN): the SYN's headers as saved under TCP_SAVE_SYN; readable once, as in Linux.</summary>
public sealed record GetSavedSyn : TcpCommand
{
    public static GetSavedSyn Instance { get; } = new();
}
