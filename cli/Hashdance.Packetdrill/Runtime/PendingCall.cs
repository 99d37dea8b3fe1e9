using Hashdance.Packetdrill.Language;
using Hashdance.Packetdrill.Sockets;

namespace Hashdance.Packetdrill.Runtime;

/// <summary>A blocking system call in progress: retried as virtual time passes until it returns.</summary>
public sealed record PendingCall(ScriptEvent Event, SyscallEvent Call, Func<SyscallResult> Retry, Action<SyscallResult> OnReturn, long StartMicros, long ExpectedEndMicros, long ToleranceMicros);
