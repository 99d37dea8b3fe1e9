using System.Security.Cryptography;
using Hashdance.Interop.Tests.Infrastructure;
using Hashdance.Protocol.Mib;
using Hashdance.Protocol.Wire;

namespace Hashdance.Interop.Tests;

/// <summary>Hashdance as the client, Linux's TCP serving: nc -l, python3 -m http.server, and a python stream server.</summary>
public sealed class KernelServerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static byte[] Seeded(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    [InteropFact("nc", "ss", "tshark")]
    public async Task Hashdance_sends_one_megabyte_to_nc_listening_in_the_kernel()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        await using var nc = lab.Start("nc", "-l", "-N", "198.51.100.1", "9000");
        await lab.WaitForKernelListenerAsync(9000, Timeout);
        var data = Seeded(1 << 20, 11);

        var (result, received) = await stack.ConnectAsync(new Ipv4Endpoint(LabNamespace.KernelAddress, 9000), data, Timeout);
        var kernelSide = await nc.WaitAsync(Timeout);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(data.Length, result.BytesSent);
        Assert.Empty(received);
        Assert.Equal(Sha(data), Sha(kernelSide.StdOut));
        Assert.Equal(1, stack.Stack.Counters[MibCounter.TcpActiveOpens]);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 100);
    }

    [InteropFact("python3", "ss", "tshark")]
    public async Task Hashdance_gets_a_file_from_python_http_server_intact()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        var root = Directory.CreateTempSubdirectory("hd-interop-");
        var file = Seeded(777_777, 12);
        await File.WriteAllBytesAsync(Path.Combine(root.FullName, "blob"), file);
        await using var server = lab.Start("python3", "-m", "http.server", "8000", "--bind", "198.51.100.1", "--directory", root.FullName);
        await lab.WaitForKernelListenerAsync(8000, Timeout);

        var request = "GET /blob HTTP/1.0\r\nHost: 198.51.100.1\r\n\r\n"u8.ToArray();
        var (result, received) = await stack.ConnectAsync(new Ipv4Endpoint(LabNamespace.KernelAddress, 8000), request, Timeout);

        Assert.True(result.Succeeded, result.Error);
        var headEnd = received.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(headEnd > 0, "no end of headers in the response");
        var head = System.Text.Encoding.ASCII.GetString(received, 0, headEnd);
        Assert.StartsWith("HTTP/1.0 200 OK", head);
        Assert.Contains($"Content-Length: {file.Length}", head);
        Assert.Equal(Sha(file), Sha(received[(headEnd + 4)..]));
        root.Delete(recursive: true);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 100);
    }

    [InteropFact("python3", "ss", "tshark")]
    public async Task One_connection_carries_a_stream_each_way_intact()
    {
        await using var lab = await LabNamespace.CreateAsync();
        await using var stack = LabStack.Start(lab);
        const int bytes = 2_000_000;
        await using var server = lab.Start("python3", "-c", PythonClients.StreamServer, bytes.ToString(), "9100");
        await lab.WaitForKernelListenerAsync(9100, Timeout);
        var data = Seeded(bytes, 13);

        var (result, received) = await stack.ConnectAsync(new Ipv4Endpoint(LabNamespace.KernelAddress, 9100), data, Timeout);
        var kernelSide = (await server.WaitAsync(Timeout)).EnsureSuccess().Text.Trim().Split(' ');

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(kernelSide[0], Sha(received));
        Assert.Equal(Sha(data), kernelSide[1]);
        Assert.Equal(bytes.ToString(), kernelSide[2]);
        await stack.DisposeAsync();
        await CaptureCheck.AssertCleanAsync(stack.PcapPath, minimumFrames: 200);
    }
}
