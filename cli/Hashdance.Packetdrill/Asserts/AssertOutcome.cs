namespace Hashdance.Packetdrill.Asserts;

/// <summary>The result of a <c>%{ }%</c> block: all asserts held, one failed (with its message), or the block uses something this evaluator cannot.</summary>
public sealed record AssertOutcome(AssertOutcomeKind Kind, string Message)
{
    public static AssertOutcome Passed { get; } = new(AssertOutcomeKind.Passed, "");
    public static AssertOutcome Failed(string message) => new(AssertOutcomeKind.Failed, message);
    public static AssertOutcome Unsupported(string reason) => new(AssertOutcomeKind.Unsupported, reason);
}
