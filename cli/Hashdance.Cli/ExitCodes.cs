namespace Hashdance.Cli;

/// <summary>Process exit codes of the <c>hashdance</c> tool.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The command could not do its job (unreadable or malformed input, bad arguments).</summary>
    public const int Failure = 1;

    /// <summary>The network device or a library it needs is missing (EX_UNAVAILABLE in sysexits.h).</summary>
    public const int Unavailable = 69;

    /// <summary>Opening the device needs root or a capability (EX_NOPERM in sysexits.h).</summary>
    public const int NoPermission = 77;

    /// <summary>An unexpected internal error (EX_SOFTWARE in sysexits.h).</summary>
    public const int InternalError = 70;
}
