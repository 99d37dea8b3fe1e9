namespace Hashdance.Actors.Experiments;

/// <summary>A transfer progress report: connections finished, bytes received by both ends, stack time since the start.</summary>
public sealed record TransferProgress(int Finished, int Connections, long BytesReceived, long BytesExpected, double ElapsedSeconds);
