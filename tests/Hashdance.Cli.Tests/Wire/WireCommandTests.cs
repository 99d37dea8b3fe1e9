using Hashdance.Cli.Tests.Infrastructure;
using Hashdance.Cli.Wire;
using Hashdance.Protocol.Wire;

namespace Hashdance.Cli.Tests.Wire;

/// <summary>serve and connect: argument checks and the one-line errors for devices that cannot be opened (no root needed).</summary>
public sealed class WireCommandTests
{
    [Fact]
    public void Serve_on_a_tap_that_does_not_exist_fails_with_one_line_and_exit_69()
    {
        var result = CliRunner.Run("serve", "--tap", "hdnosuch0", "--ip", "198.51.100.2/24", "--port", "80");
        Assert.Equal(69, result.ExitCode);
        Assert.Equal("", result.StdOut);
        Assert.Equal("hashdance: no device 'hdnosuch0' in this network namespace (create it with scripts/netns-lab.sh up, and run inside the namespace with ip netns exec)\n",
            result.StdErr);
    }

    [Fact]
    public void Connect_on_an_interface_that_does_not_exist_fails_with_one_line_and_exit_69()
    {
        var result = CliRunner.Run("connect", "--iface", "hdnosuch0", "--ip", "198.51.100.2/24", "--to", "198.51.100.1:80");
        Assert.Equal(69, result.ExitCode);
        Assert.Single(result.StdErr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("hashdance: ", result.StdErr);
        Assert.DoesNotContain("   at ", result.StdErr);
    }

    [Theory]
    [InlineData(new[] { "serve", "--ip", "198.51.100.2/24", "--port", "80" }, "hashdance: give --tap NAME or --iface NAME\n")]
    [InlineData(new[] { "serve", "--tap", "a", "--iface", "b", "--ip", "198.51.100.2/24", "--port", "80" }, "hashdance: give either --tap or --iface, not both\n")]
    [InlineData(new[] { "serve", "--tap", "a", "--ip", "198.51.100.2/24", "--port", "0" }, "hashdance: --port must not be 0\n")]
    [InlineData(new[] { "serve", "--tap", "a", "--ip", "198.51.100.2/24", "--port", "80", "--stats-every", "0" }, "hashdance: --stats-every must be positive\n")]
    [InlineData(new[] { "connect", "--tap", "a", "--ip", "198.51.100.2/24", "--to", "198.51.100.1:80", "--send", "/nonexistent/file" }, "hashdance: no file '/nonexistent/file' to send\n")]
    public void Bad_combinations_are_reported_in_one_line_before_any_device_is_opened(string[] args, string expected)
    {
        var result = CliRunner.Run(args);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(expected, result.StdErr);
    }

    [Theory]
    [InlineData("198.51.100.2", "'198.51.100.2' is not an address with a prefix length")]
    [InlineData("198.51.100.2/33", "'198.51.100.2/33' is not an address with a prefix length")]
    [InlineData("198.51.100/24", "'198.51.100/24' is not an address with a prefix length")]
    public void The_interface_address_needs_a_prefix_length(string ip, string expected)
    {
        var result = CliRunner.Run("serve", "--tap", "a", "--ip", ip, "--port", "80");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.StdErr);
    }

    [Fact]
    public void The_default_tap_mac_is_locally_administered_and_carries_the_low_three_bytes_of_the_address()
    {
        Assert.Equal(MacAddress.Parse("02:68:64:33:64:02"), WireStack.DefaultTapMac(Ipv4Address.Parse("198.51.100.2")));
    }

    [Fact]
    public void Serve_help_lists_every_option_of_the_issue()
    {
        var result = CliRunner.Run("serve", "--help");
        Assert.Equal(0, result.ExitCode);
        foreach (var option in new[] { "--tap", "--iface", "--ip", "--gateway", "--port", "--app", "--syncookies", "--backlog", "--pcap", "--stats-every" })
            Assert.Contains(option, result.StdOut);
    }
}
