namespace Hashdance.Packetdrill.Language;

/// <summary>One timed line of a script: when it happens and what happens.</summary>
public sealed record ScriptEvent(int Line, EventTime Time, EventAction Action);
