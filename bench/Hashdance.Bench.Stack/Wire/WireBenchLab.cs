using System.Diagnostics;
using System.Globalization;

namespace Hashdance.Bench.Stack.Wire;

/// <summary>
/// Two network namespaces for the real-wire benchmark, both in 198.51.100.0/24 and deleted by name on dispose:
/// <list type="bullet">
/// <item>the client namespace holds the kernel clients, the TAP whose kernel side is 198.51.100.1/25 (Hashdance is
/// 198.51.100.2 behind it), and one end of a veth, 198.51.100.129/25;</item>
/// <item>the server namespace holds the other end of the veth, 198.51.100.130/25, where the kernel baseline server
/// listens.</item>
/// </list>
/// Both paths leave the client namespace through a device (TAP or veth) with txqueuelen 10000; the kernel baseline
/// cannot short-cut through loopback because its server is in another namespace.
/// </summary>
internal sealed class WireBenchLab : IDisposable
{
    public const string Tap = "hdtap0";

    private WireBenchLab(string client, string server)
    {
        ClientNamespace = client;
        ServerNamespace = server;
    }

    public string ClientNamespace { get; }
    public string ServerNamespace { get; }

    public static WireBenchLab Create()
    {
        var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var lab = new WireBenchLab($"hdbc{id}", $"hdbs{id}");
        try
        {
            var (c, s) = (lab.ClientNamespace, lab.ServerNamespace);
            Ip("netns", "add", c);
            Ip("netns", "add", s);
            Ip("-n", c, "link", "set", "lo", "up");
            Ip("-n", s, "link", "set", "lo", "up");
            Ip("-n", c, "tuntap", "add", "dev", Tap, "mode", "tap");
            Ip("-n", c, "link", "set", Tap, "txqueuelen", "10000");
            Ip("-n", c, "addr", "add", "198.51.100.1/25", "dev", Tap);
            Ip("-n", c, "link", "set", Tap, "up");
            Ip("-n", c, "link", "add", "hdv0", "txqueuelen", "10000", "type", "veth", "peer", "name", "hdv1", "netns", s);
            Ip("-n", s, "link", "set", "hdv1", "txqueuelen", "10000");
            Ip("-n", c, "addr", "add", "198.51.100.129/25", "dev", "hdv0");
            Ip("-n", s, "addr", "add", "198.51.100.130/25", "dev", "hdv1");
            Ip("-n", c, "link", "set", "hdv0", "up");
            Ip("-n", s, "link", "set", "hdv1", "up");
            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Run("ip", "netns", "delete", ClientNamespace);
        Run("ip", "netns", "delete", ServerNamespace);
    }

    private static void Ip(params string[] arguments)
    {
        var (code, error) = Run("ip", arguments);
        if (code != 0) throw new InvalidOperationException($"ip {string.Join(' ', arguments)}: {error.Trim()}");
    }

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }
}
