using Akka.Actor;
using Hashdance.Actors.Api;

namespace Hashdance.Actors.Messages;

/// <summary>The manager's first message to a socket it spawned for a <see cref="Connect"/> (tcp_v4_connect).</summary>
public sealed record StartActiveOpen(Connect Connect, IActorRef Commander);
