using Akka.Actor;
using Hashdance.Protocol.Tcp;
using Hashdance.Protocol.Wire;

namespace Hashdance.Actors.Messages;

/// <summary>
/// A connection entered TIME_WAIT (or orphaned FIN_WAIT2): replace its ehash entry by <paramref name="Entry"/> if
/// <paramref name="Socket"/> still owns the 4-tuple (inet_twsk_hashdance_schedule). Answered with
/// <see cref="TimeWaitHashed"/>, after which no segment of the tuple reaches the socket.
/// </summary>
public sealed record TimeWaitHandOff(FourTuple Tuple, IActorRef Socket, TimeWaitCore Entry) : INoSerializationVerificationNeeded;
