namespace Hashdance.Bench.Stack.Memory;

/// <summary>One part of an idle connection, measured alone: heap bytes per instance.</summary>
public sealed record ComponentCost(string Name, double Bytes, string What);
