using Hashdance.Actors.Api;

namespace Hashdance.Packetdrill.Sockets;

/// <summary>errno names and their Linux numbers and texts, and the mapping from the stack's <see cref="SocketError"/>.</summary>
public static class Errnos
{
    private static readonly Dictionary<string, (int Number, string Text)> Known = new()
    {
        ["EPERM"] = (1, "Operation not permitted"),
        ["ENOENT"] = (2, "No such file or directory"),
        ["EBADF"] = (9, "Bad file descriptor"),
        ["EAGAIN"] = (11, "Resource temporarily unavailable"),
        ["EWOULDBLOCK"] = (11, "Resource temporarily unavailable"),
        ["EFAULT"] = (14, "Bad address"),
        ["EINVAL"] = (22, "Invalid argument"),
        ["EPIPE"] = (32, "Broken pipe"),
        ["ENOTSOCK"] = (88, "Socket operation on non-socket"),
        ["ENOPROTOOPT"] = (92, "Protocol not available"),
        ["EOPNOTSUPP"] = (95, "Operation not supported"),
        ["EADDRINUSE"] = (98, "Address already in use"),
        ["EADDRNOTAVAIL"] = (99, "Cannot assign requested address"),
        ["ENETUNREACH"] = (101, "Network is unreachable"),
        ["ECONNABORTED"] = (103, "Software caused connection abort"),
        ["ECONNRESET"] = (104, "Connection reset by peer"),
        ["EISCONN"] = (106, "Transport endpoint is already connected"),
        ["ENOTCONN"] = (107, "Transport endpoint is not connected"),
        ["ETIMEDOUT"] = (110, "Connection timed out"),
        ["ECONNREFUSED"] = (111, "Connection refused"),
        ["EHOSTUNREACH"] = (113, "No route to host"),
        ["EALREADY"] = (114, "Operation already in progress"),
        ["EINPROGRESS"] = (115, "Operation now in progress"),
    };

    public static bool IsKnown(string name) => Known.ContainsKey(name);

    /// <summary>Linux's number for a known errno name (what getsockopt(SO_ERROR) returns).</summary>
    public static int Number(string name) => Known[name].Number;

    /// <summary>True when two errno names denote the same number (EAGAIN and EWOULDBLOCK).</summary>
    public static bool Same(string a, string b) =>
        a == b || (Known.TryGetValue(a, out var x) && Known.TryGetValue(b, out var y) && x.Number == y.Number);

    public static string Describe(string name) =>
        Known.TryGetValue(name, out var e) ? $"{name} ({e.Text})" : name;

    public static string From(SocketError error) => error switch
    {
        SocketError.AddressInUse => "EADDRINUSE",
        SocketError.AddressNotAvailable => "EADDRNOTAVAIL",
        SocketError.ConnectionRefused => "ECONNREFUSED",
        SocketError.ConnectionReset => "ECONNRESET",
        SocketError.TimedOut => "ETIMEDOUT",
        SocketError.HostUnreachable => "EHOSTUNREACH",
        SocketError.InvalidArgument => "EINVAL",
        SocketError.BrokenPipe => "EPIPE",
        SocketError.WouldBlock => "EAGAIN",
        _ => "EIO",
    };
}
