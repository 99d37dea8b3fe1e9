namespace Hashdance.TestKit.Tests.Allocation;

/// <summary>
/// Tests that count allocations on their thread run alone: the frame-slot pool is process-wide, and a test running
/// beside them could hold slots and make the pool allocate new ones on the measured thread.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCountingCollection
{
    public const string Name = "allocation counting";
}
