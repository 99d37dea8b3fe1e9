using Hashdance.NicIo;

namespace Hashdance.Cli.Wire;

/// <summary>Turns a link that would not open into one line on stderr and the matching exit code.</summary>
internal static class WireErrors
{
    public static int Report(LinkOpenException e, TextWriter stderr)
    {
        stderr.WriteLine($"hashdance: {e.Message}");
        return e.Failure switch
        {
            LinkOpenFailure.PermissionDenied => ExitCodes.NoPermission,
            LinkOpenFailure.DeviceMissing or LinkOpenFailure.LibraryMissing or LinkOpenFailure.DeviceBusy => ExitCodes.Unavailable,
            _ => ExitCodes.Failure,
        };
    }

    /// <summary>Whether <paramref name="path"/> can be created; else one line on stderr.</summary>
    public static bool CheckWritable(string? path, TextWriter stderr)
    {
        if (path is null || Experiments.ExperimentHost.CanCreate(path, out var why)) return true;
        stderr.WriteLine($"hashdance: cannot write '{path}': {why}");
        return false;
    }
}
