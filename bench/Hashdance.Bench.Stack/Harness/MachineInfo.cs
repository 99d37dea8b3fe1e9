using System.Runtime;
using System.Runtime.InteropServices;

namespace Hashdance.Bench.Stack.Harness;

/// <summary>What the figures were measured on: printed at the top of every run.</summary>
public static class MachineInfo
{
    public static string Describe()
    {
        var cpu = CpuModel();
        var gc = GCSettings.IsServerGC ? "server" : "workstation";
        var concurrent = AppContext.TryGetSwitch("System.GC.Concurrent", out var c) ? (c ? "concurrent" : "non-concurrent") : "concurrent (default)";
        return $"{Environment.ProcessorCount} cores ({cpu}), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, {gc} GC, {concurrent}, load average {LoadAverage()}";
    }

    private static string CpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal)) return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    /// <summary>The 1-minute load average: on a shared machine it says how much the other tenants took.</summary>
    public static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
