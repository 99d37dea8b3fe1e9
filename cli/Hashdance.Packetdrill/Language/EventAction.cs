namespace Hashdance.Packetdrill.Language;

/// <summary>What an event does: a packet, a system call, a shell command or a Python block.</summary>
public abstract record EventAction;
