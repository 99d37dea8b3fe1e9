namespace Hashdance.Bench.Stack.Drivers;

/// <summary>What a <see cref="ConnectDriver"/> does with each connection once it is established.</summary>
public enum ConnectMode
{
    /// <summary>close() with SO_LINGER {1, 0} at once: a RST, no TIME_WAIT (the handshake benchmark).</summary>
    AbortWhenEstablished,

    /// <summary>Register as its handler and leave it open and idle (the memory benchmark).</summary>
    KeepOpen,
}
