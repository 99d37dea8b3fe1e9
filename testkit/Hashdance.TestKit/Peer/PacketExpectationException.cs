using Xunit.Sdk;

namespace Hashdance.TestKit;

/// <summary>
/// A packet the stack sent (or did not send) differs from the scripted line; the message is in packetdrill's words
/// ("live packet field tcp_window: expected: 65535 vs actual: 65160", then the script and actual packet lines).
/// </summary>
public sealed class PacketExpectationException(string message) : XunitException(message);
