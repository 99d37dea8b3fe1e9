using System.Globalization;
using Hashdance.Protocol.Wire;

namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>
/// One test's own network namespace (a unique name): lo up and a TAP device whose kernel side is 198.51.100.1/24;
/// the Hashdance stack attaches behind it as 198.51.100.2. Disposing deletes the namespace by name, which removes
/// the TAP and everything else in it, whatever the test did. Nothing is created in the root namespace.
/// </summary>
public sealed class LabNamespace : IAsyncDisposable
{
    public const string Tap = "hdtap0";
    public const string VethKernel = "hdv0";
    public const string VethStack = "hdv1";
    public static readonly Ipv4Address KernelAddress = Ipv4Address.Parse("198.51.100.1");
    public static readonly Ipv4Address StackAddress = Ipv4Address.Parse("198.51.100.2");
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private static int _sequence;

    private LabNamespace(string name) => Name = name;

    public string Name { get; }

    /// <param name="multiQueue">Create the TAP with multi_queue, for a stack attaching several queues.</param>
    /// <param name="veth">
    /// Instead of the TAP, a veth pair: <see cref="VethKernel"/> with 198.51.100.1/24 for the kernel (checksum offload
    /// off, so frames carry full checksums when captured) and <see cref="VethStack"/>, with no address, for a pcap link.
    /// </param>
    public static async Task<LabNamespace> CreateAsync(int mtu = 1500, bool multiQueue = false, bool veth = false)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"hdi{Environment.ProcessId}x{Interlocked.Increment(ref _sequence)}");
        await Ip("netns", "add", name);
        var lab = new LabNamespace(name);
        try
        {
            await Ip("-n", name, "link", "set", "lo", "up");
            if (veth)
            {
                await Ip("-n", name, "link", "add", VethKernel, "type", "veth", "peer", "name", VethStack);
                await Ip("-n", name, "addr", "add", $"{KernelAddress}/24", "dev", VethKernel);
                (await lab.RunAsync(CommandTimeout, "ethtool", "-K", VethKernel, "tx", "off")).EnsureSuccess();
                await Ip("-n", name, "link", "set", VethKernel, "up");
                await Ip("-n", name, "link", "set", VethStack, "up");
                return lab;
            }
            await Ip(["-n", name, "tuntap", "add", "dev", Tap, "mode", "tap", .. (multiQueue ? new[] { "multi_queue" } : [])]);
            await Ip("-n", name, "link", "set", Tap, "mtu", mtu.ToString(CultureInfo.InvariantCulture), "txqueuelen", "10000");
            await Ip("-n", name, "addr", "add", $"{KernelAddress}/24", "dev", Tap);
            await Ip("-n", name, "link", "set", Tap, "up");
            return lab;
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="program"/> inside the namespace to completion.</summary>
    public Task<ProcessResult> RunAsync(TimeSpan timeout, string program, params string[] arguments) =>
        ExternalProcess.RunAsync("ip", ["netns", "exec", Name, program, .. arguments], timeout);

    public Task<ProcessResult> RunAsync(TimeSpan timeout, byte[] stdin, string program, params string[] arguments) =>
        ExternalProcess.RunAsync("ip", ["netns", "exec", Name, program, .. arguments], timeout, stdin);

    /// <summary>Starts <paramref name="program"/> inside the namespace (a server, a flood) and leaves it running.</summary>
    public ExternalProcess Start(string program, params string[] arguments) =>
        ExternalProcess.Start("ip", ["netns", "exec", Name, program, .. arguments]);

    /// <summary>Polls (bounded) until a kernel socket listens on <paramref name="port"/> in the namespace.</summary>
    public async Task WaitForKernelListenerAsync(ushort port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var ss = await RunAsync(CommandTimeout, "ss", "-Hltn", $"sport = :{port}");
            if (ss.Text.Trim().Length > 0) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"nothing listened on port {port} in {Name} within {timeout.TotalSeconds:F0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
    }

    /// <summary>The kernel's own MIB counters in this namespace (nstat -asz, which leaves nstat's history alone).</summary>
    public async Task<IReadOnlyDictionary<string, long>> NstatAsync()
    {
        var output = await RunAsync(CommandTimeout, "nstat", "-asz");
        var counters = new Dictionary<string, long>();
        foreach (var line in output.EnsureSuccess().Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value)) counters[fields[0]] = value;
        }
        return counters;
    }

    public async ValueTask DisposeAsync() => await ExternalProcess.RunAsync("ip", ["netns", "delete", Name], CommandTimeout);

    private static async Task Ip(params string[] arguments) => (await ExternalProcess.RunAsync("ip", arguments, CommandTimeout)).EnsureSuccess();
}
