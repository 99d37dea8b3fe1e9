namespace Hashdance.Actors.Experiments;

/// <summary>A progress report: connects finished so far and the stack time since the start.</summary>
public sealed record ExperimentProgress(int Established, int Failed, int Accepted, int InFlight, double ElapsedSeconds);
