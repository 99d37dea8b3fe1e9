namespace Hashdance.Packetdrill.Tests.Infrastructure;

/// <summary>A fact over the shared packetdrill suite: skipped with the reason when the suite is absent outside CI.</summary>
public sealed class SuiteFactAttribute : FactAttribute
{
    public SuiteFactAttribute()
    {
        if (SuiteLocation.SkipReason is { } reason) Skip = reason;
    }
}
