namespace Hashdance.Bench.Stack.Harness;

/// <summary>
/// A correctness check of a benchmark failed (a handshake not completed, a socket left behind, a counter that
/// contradicts the run): the figures of that run mean nothing, and the program exits non-zero instead of printing them.
/// </summary>
public sealed class BenchCheckFailedException(string message) : Exception(message);
