namespace Hashdance.Actors.Cluster;

/// <summary>
/// One Ethernet frame that a stack on a <c>sockets</c> node built for the wire: it travels to the <c>nic</c> node's
/// <see cref="EgressRelay"/>, which puts it on the link. The bytes are the frame exactly as the link will carry it.
/// </summary>
public sealed record RemoteFrame(byte[] Frame);
