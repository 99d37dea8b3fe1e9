namespace Hashdance.Packetdrill.Asserts;

public enum AssertOutcomeKind
{
    Passed,
    Failed,
    Unsupported,
}
