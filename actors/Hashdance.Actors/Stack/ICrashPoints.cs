using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Stack;

/// <summary>
/// A test-only hook: socket actors call <see cref="Reached"/> at each <see cref="CrashPoint"/>, and an implementation
/// may throw there to make the actor fail as a bug would. <see cref="StackContext.CrashPoints"/> is null in
/// production, so a point costs one null check.
/// </summary>
public interface ICrashPoints
{
    /// <summary>The actor handling <paramref name="tuple"/> (the stack's side is local) reached <paramref name="point"/>; throw to crash it.</summary>
    void Reached(CrashPoint point, FourTuple tuple);
}
