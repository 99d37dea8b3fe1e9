namespace Hashdance.Packetdrill.Language;

/// <summary>A <c>%{ python }%</c> block: TCP_INFO assertions sampled when the event is reached.</summary>
public sealed record PythonEvent(string Code) : EventAction;
