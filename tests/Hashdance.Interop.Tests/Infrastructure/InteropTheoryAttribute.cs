namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>A theory against Linux's TCP: skipped with the reason where root or a tool is missing, except on CI.</summary>
public sealed class InteropTheoryAttribute : TheoryAttribute
{
    public InteropTheoryAttribute(params string[] tools) => Skip = InteropRequirements.SkipReason(tools);
}
