using Hashdance.Actors.Api;

namespace Hashdance.Actors.Facade;

/// <summary><see cref="Received"/> for a <see cref="RegisterPooled"/> handler: <paramref name="Count"/> bytes in a rented <paramref name="Buffer"/> that the handler must return to the pool.</summary>
internal sealed record PooledReceived(byte[] Buffer, int Count) : TcpEvent;
