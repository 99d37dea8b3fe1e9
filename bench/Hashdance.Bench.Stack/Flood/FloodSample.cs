namespace Hashdance.Bench.Stack.Flood;

/// <summary>The server's state at one point of the flood.</summary>
public sealed record FloodSample(long SynsSent, long Answered, long HeapBytes, int RequestQueueLength, int AcceptQueueLength, int EhashEntries,
    long SyncookiesSent);
