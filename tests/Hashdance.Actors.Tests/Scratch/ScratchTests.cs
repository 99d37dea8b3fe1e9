using Hashdance.Actors.Tests.Harness;
using Hashdance.Actors.Experiments;
using Hashdance.NicIo;
using Hashdance.Protocol.Mib;

namespace Hashdance.Actors.Tests.Scratch;

public sealed class ScratchTests : SynchronousVirtualTimeTestKit
{
    private Task Advance() => AdvanceBy(TimeSpan.FromMilliseconds(1))();

    [Fact]
    public async Task Sweep()
    {
        var seeds = (Environment.GetEnvironmentVariable("SCRATCH_SEEDS") ?? "13").Split(',').Select(int.Parse);
        var loss = double.Parse(Environment.GetEnvironmentVariable("SCRATCH_LOSS") ?? "0.3", System.Globalization.CultureInfo.InvariantCulture);
        var dup = double.Parse(Environment.GetEnvironmentVariable("SCRATCH_DUP") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var reo = double.Parse(Environment.GetEnvironmentVariable("SCRATCH_REO") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var bytes = int.Parse(Environment.GetEnvironmentVariable("SCRATCH_BYTES") ?? "262144");
        foreach (var seed in seeds)
        {
            var faults = new FaultPlan { LossRate = loss, DuplicateRate = dup, ReorderRate = reo };
            var result = await TransferExperiment.RunAsync(Sys, new TransferExperimentOptions
            {
                Connections = 1, BytesPerDirection = bytes, Faults = faults, Seed = seed, TimeLimit = TimeSpan.FromMinutes(30),
            }, advanceTime: Advance);
            Console.Error.WriteLine($"RESULT seed={seed} loss={loss} intact={result.IntactConnections} dur={result.DurationSeconds:F1} rtx={result.Retransmits} to={result.ServerCounters[MibCounter.TcpExtTCPTimeouts] + result.ClientCounters[MibCounter.TcpExtTCPTimeouts]} tlp={result.ServerCounters[MibCounter.TcpExtTCPLossProbes] + result.ClientCounters[MibCounter.TcpExtTCPLossProbes]} {string.Join(";", result.Errors)}");
        }
    }
}
