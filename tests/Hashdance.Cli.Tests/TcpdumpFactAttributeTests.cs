using Hashdance.Cli.Tests.Infrastructure;

namespace Hashdance.Cli.Tests;

public sealed class TcpdumpFactAttributeTests
{
    [Fact]
    public void SkipsWhenTcpdumpIsMissingOutsideCi()
    {
        Assert.Equal(TcpdumpFactAttribute.SkipReason, new TcpdumpFactAttribute(null, null).Skip);
        Assert.Equal(TcpdumpFactAttribute.SkipReason, new TcpdumpFactAttribute(null, "false").Skip);
    }

    [Fact]
    public void RunsOnCiEvenWhenTcpdumpIsMissing() => Assert.Null(new TcpdumpFactAttribute(null, "true").Skip);

    [Fact]
    public void RunsWhenTcpdumpIsPresent() => Assert.Null(new TcpdumpFactAttribute("/usr/bin/tcpdump", null).Skip);
}
