using System.Runtime.InteropServices;

namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>
/// Whether this machine can run the interop tests: root (network namespaces, TAP devices), /dev/net/tun, and the
/// external tools a test drives. On CI (CI = "true") nothing is skipped: a missing requirement fails the test.
/// </summary>
internal static class InteropRequirements
{
    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    public static bool OnCi => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Null when the test can run (or must, on CI); else why it is skipped.</summary>
    public static string? SkipReason(string[] tools)
    {
        if (OnCi) return null;
        const string fix = "; run as root on Linux, or set CI=true to make this a failure";
        if (!OperatingSystem.IsLinux()) return "needs Linux" + fix;
        if (GetEuid() != 0) return "needs root (it creates network namespaces and TAP devices)" + fix;
        if (!File.Exists("/dev/net/tun")) return "needs /dev/net/tun (modprobe tun)" + fix;
        var missing = tools.Prepend("ip").Where(t => ExternalProcess.Find(t) is null).ToArray();
        return missing.Length == 0 ? null : $"needs {string.Join(", ", missing)} on PATH{fix}";
    }
}
