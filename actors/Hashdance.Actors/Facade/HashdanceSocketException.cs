using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary>A socket call failed; <see cref="Error"/> is the errno Linux would have returned.</summary>
public sealed class HashdanceSocketException(SocketError error, string message) : Exception(message)
{
    public SocketError Error { get; } = error;
}
