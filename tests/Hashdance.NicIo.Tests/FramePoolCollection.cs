namespace Hashdance.NicIo.Tests;

/// <summary>
/// Tests that count allocations of the process-wide frame-slot pool: they run alone, because a test running beside
/// them may hold slots and make the pool grow (allocate) on their thread.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FramePoolCollection
{
    public const string Name = "frame pool";
}
