namespace Hashdance.NicIo;

/// <summary>Thrown by the throwing forms of <see cref="PcapFileReader"/>; carries the typed <see cref="PcapError"/>.</summary>
public sealed class PcapFormatException(PcapError error) : Exception(error.Message)
{
    public PcapError Error { get; } = error;
}
