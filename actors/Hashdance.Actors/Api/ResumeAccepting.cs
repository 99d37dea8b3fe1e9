namespace Hashdance.Actors.Api;

/// <summary>accept() in pull mode: hand the next <paramref name="BatchSize"/> children of the accept queue to the handler.</summary>
public sealed record ResumeAccepting(int BatchSize) : TcpCommand;
