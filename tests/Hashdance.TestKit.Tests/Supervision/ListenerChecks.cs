namespace Hashdance.TestKit.Tests.Supervision;

/// <summary>After a listener failed: its port can be bound again and serves.</summary>
public static class ListenerChecks
{
    public static void AssertPortServesAgain(HashdanceTestKit kit)
    {
        var listener = kit.Bind(8080);
        SupervisionChecks.AssertCleanAndServing(kit, listener);
    }
}
