using Hashdance.Packetdrill.Asserts;
using Hashdance.Protocol.Tcp;

namespace Hashdance.Packetdrill.Tests.Asserts;

public sealed class PythonAssertionsTests
{
    private static readonly Dictionary<string, long> Names = new(TcpInfoNames.ForState(TcpState.CloseWait))
    {
        ["tcpi_snd_mss"] = 1448,
        ["tcpi_options"] = TcpInfoNames.OptSack | TcpInfoNames.OptTimestamps,
    };

    [Theory]
    [InlineData("assert tcpi_snd_mss == 1460 - 12, tcpi_snd_mss")]
    [InlineData("assert (tcpi_options & TCPI_OPT_SACK) != 0, tcpi_options; assert (tcpi_options & TCPI_OPT_ECN) == 0")]
    [InlineData(" assert tcpi_state == TCP_CLOSE_WAIT, tcpi_state \\\n  ; assert 1 < 2 <= 2 and not 0")]
    [InlineData("assert tcpi_options & TCPI_OPT_TIMESTAMPS | 0 == 1 or False")]
    public void Holding_assertions_pass(string code) =>
        Assert.Equal(AssertOutcome.Passed, PythonAssertions.Evaluate(code, Names));

    [Fact]
    public void A_failing_assertion_reports_its_condition_and_message()
    {
        var outcome = PythonAssertions.Evaluate("assert tcpi_snd_mss == 1460, tcpi_snd_mss", Names);
        Assert.Equal(AssertOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("assert tcpi_snd_mss == 1460 failed (tcpi_snd_mss = 1448)", outcome.Message);
        Assert.Equal(AssertOutcomeKind.Failed, PythonAssertions.Evaluate("assert 1 < 2 < 2", Names).Kind);
    }

    [Theory]
    [InlineData("assert tcpi_busy_time > 0", "'tcpi_busy_time' is not available")]
    [InlineData("print(tcpi_busy_time)", "'tcpi_busy_time' is not available")]
    [InlineData("import os", "only assert statements")]
    [InlineData("assert SK_MEMINFO_RCVBUF > 0", "'SK_MEMINFO_RCVBUF' is not available")]
    public void Unknown_names_and_statements_are_unsupported_not_failed(string code, string reason)
    {
        var outcome = PythonAssertions.Evaluate(code, Names);
        Assert.Equal(AssertOutcomeKind.Unsupported, outcome.Kind);
        Assert.Contains(reason, outcome.Message);
    }

    [Fact]
    public void Print_asserts_nothing_and_assignments_last_for_the_blocks_that_follow()
    {
        var variables = new Dictionary<string, long>();
        Assert.Equal(AssertOutcome.Passed, PythonAssertions.Evaluate("print(tcpi_state); LIMIT = 0x10 + 1", Names, variables));
        Assert.Equal(17, variables["LIMIT"]);
        Assert.Equal(AssertOutcome.Passed, PythonAssertions.Evaluate("assert LIMIT == 17", Names, variables));
        Assert.Equal(AssertOutcomeKind.Failed, PythonAssertions.Evaluate("assert LIMIT == 16", Names, variables).Kind);
        // Without a session to keep it in, an assignment is not understood.
        Assert.Equal(AssertOutcomeKind.Unsupported, PythonAssertions.Evaluate("LIMIT = 1", Names).Kind);
    }
}
