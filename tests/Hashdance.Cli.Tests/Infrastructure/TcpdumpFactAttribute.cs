namespace Hashdance.Cli.Tests.Infrastructure;

/// <summary>
/// A fact that compares with the real tcpdump. Where tcpdump is not on PATH it is skipped with the reason, except on
/// CI (environment variable CI = "true"), where tcpdump is required: the test then runs and fails. xunit v2 has no
/// dynamic skip, so the decision is made when the attribute is constructed.
/// </summary>
public sealed class TcpdumpFactAttribute : FactAttribute
{
    public const string SkipReason =
        "tcpdump is not on PATH: install it (apt-get install tcpdump) to compare decode with it, or set CI=true to make its absence a failure";

    public TcpdumpFactAttribute()
        : this(Tcpdump.Path, Environment.GetEnvironmentVariable("CI"))
    {
    }

    internal TcpdumpFactAttribute(string? tcpdumpPath, string? ci)
    {
        if (ci == "true") return;
        if (tcpdumpPath is null) Skip = SkipReason;
    }
}
