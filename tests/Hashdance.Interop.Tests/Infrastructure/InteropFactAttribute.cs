namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>A fact against Linux's TCP: skipped with the reason where root or a tool is missing, except on CI.</summary>
public sealed class InteropFactAttribute : FactAttribute
{
    public InteropFactAttribute(params string[] tools) => Skip = InteropRequirements.SkipReason(tools);
}
