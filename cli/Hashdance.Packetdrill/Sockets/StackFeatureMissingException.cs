namespace Hashdance.Packetdrill.Sockets;

/// <summary>
/// The script needs something the stack under test does not implement yet (an orderly close, TCP_LINGER2, ...).
/// The runner fails the script with "stack: " and this message, so missing features are told apart from wrong
/// behaviour.
/// </summary>
public sealed class StackFeatureMissingException(string message) : Exception(message);
