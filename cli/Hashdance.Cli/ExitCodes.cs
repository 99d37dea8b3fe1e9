namespace Hashdance.Cli;

/// <summary>Process exit codes of the <c>hashdance</c> tool.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command could not do its job (unreadable or malformed input, bad arguments).</summary>
    public const int Failure = 1;

    /// <summary>An unexpected internal error (EX_SOFTWARE in sysexits.h).</summary>
    public const int InternalError = 70;
}
