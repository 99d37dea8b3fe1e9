namespace Hashdance.Packetdrill.Language;

/// <summary>A timed back-quoted command (<c>+0 `sysctl -q net.ipv4.tcp_ecn=2`</c>).</summary>
public sealed record ShellEvent(string Command) : EventAction;
