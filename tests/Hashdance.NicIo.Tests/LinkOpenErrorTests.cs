using Hashdance.Protocol.Time;
using Hashdance.Protocol.Wire;

namespace Hashdance.NicIo.Tests;

/// <summary>Opening a real link that cannot work fails with a typed reason and a one-line message, before any I/O.</summary>
public sealed class LinkOpenErrorTests
{
    private static readonly MacAddress Mac = MacAddress.Parse("02:68:64:00:00:02");

    [Fact]
    public void A_tap_device_that_does_not_exist_is_reported_missing_and_not_created()
    {
        var e = Assert.Throws<LinkOpenException>(() => TapLink.Open("hdnosuch0", new TapLinkOptions { Mac = Mac }, new ManualClock(0)));
        Assert.Equal(LinkOpenFailure.DeviceMissing, e.Failure);
        Assert.StartsWith("no device 'hdnosuch0' in this network namespace", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.False(Directory.Exists("/sys/class/net/hdnosuch0"));
    }

    [Fact]
    public void A_name_longer_than_ifnamsiz_is_reported_missing()
    {
        var e = Assert.Throws<LinkOpenException>(() => TapLink.Open("a-name-far-too-long", new TapLinkOptions { Mac = Mac }, new ManualClock(0)));
        Assert.Equal(LinkOpenFailure.DeviceMissing, e.Failure);
    }

    [Fact]
    public void Loopback_is_not_a_tap()
    {
        // lo exists in every namespace; TUNSETIFF on a name owned by another driver fails (EINVAL, or EPERM unprivileged).
        var e = Assert.Throws<LinkOpenException>(() => TapLink.Open("lo", new TapLinkOptions { Mac = Mac }, new ManualClock(0)));
        if (!File.Exists("/dev/net/tun"))
        {
            Assert.Equal(LinkOpenFailure.DeviceMissing, e.Failure);
            Assert.Equal("/dev/net/tun is missing (load the tun module: modprobe tun)", e.Message);
            return;
        }
        Assert.Contains(e.Failure, new[] { LinkOpenFailure.WrongDeviceType, LinkOpenFailure.PermissionDenied });
        Assert.StartsWith("attaching to TAP device 'lo' failed: ", e.Message);
    }

    [Fact]
    public void A_pcap_interface_that_does_not_exist_is_reported_missing()
    {
        var e = Assert.Throws<LinkOpenException>(() => PcapLink.Open("hdnosuch0", new PcapLinkOptions { Mac = Mac }, new ManualClock(0)));
        // Without libpcap the library is what is missing; CI installs libpcap0.8.
        Assert.Equal(PcapStatsReader.LibraryPresent ? LinkOpenFailure.DeviceMissing : LinkOpenFailure.LibraryMissing, e.Failure);
    }
}
