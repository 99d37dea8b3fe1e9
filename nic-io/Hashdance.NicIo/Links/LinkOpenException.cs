namespace Hashdance.NicIo;

/// <summary>
/// A real link could not be opened. <see cref="Exception.Message"/> is one line meant for the user, saying what to
/// do; <see cref="Failure"/> lets a caller choose an exit code without parsing it.
/// </summary>
public sealed class LinkOpenException : Exception
{
    public LinkOpenException(LinkOpenFailure failure, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
    }

    public LinkOpenFailure Failure { get; }
}
