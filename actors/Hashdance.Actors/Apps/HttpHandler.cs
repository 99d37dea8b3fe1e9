using System.Text;
using Akka.Actor;
using Akka.IO;

namespace Hashdance.Actors.Apps;

/// <summary>
/// A minimal HTTP/1.1 server on one connection: each request (headers up to the blank line; bodies are not read) gets
/// "200 OK" with <see cref="Body"/> for GET and HEAD, "405" otherwise. Connections stay open between requests (so
/// wrk's keep-alive works) unless the request says <c>Connection: close</c> or is HTTP/1.0 without keep-alive.
/// </summary>
public sealed class HttpHandler(IActorRef connection, AppCounters counters) : StreamHandler(connection, counters)
{
    /// <summary>Requests whose headers exceed this are answered 431 and the connection closed.</summary>
    public const int MaxHeaderBytes = 16 * 1024;

    /// <summary>The response body.</summary>
    public static readonly byte[] Body = "Hello from Hashdance\n"u8.ToArray();

    private readonly List<byte> _pending = [];
    private bool _closing;

    public static Props Props(IActorRef connection, AppCounters counters) => Akka.Actor.Props.Create(() => new HttpHandler(connection, counters));

    protected override void OnData(ByteString data)
    {
        if (_closing) return;
        _pending.AddRange(data.ToArray());
        while (!_closing && TryTakeRequest(out var head)) Answer(head);
        if (!_closing && _pending.Count > MaxHeaderBytes)
        {
            Respond("431 Request Header Fields Too Large", withBody: false, close: true);
        }
    }

    private bool TryTakeRequest(out string head)
    {
        for (var i = 3; i < _pending.Count; i++)
        {
            if (_pending[i] != '\n' || _pending[i - 1] != '\r' || _pending[i - 2] != '\n' || _pending[i - 3] != '\r') continue;
            head = Encoding.ASCII.GetString(_pending.GetRange(0, i + 1).ToArray());
            _pending.RemoveRange(0, i + 1);
            return true;
        }
        head = "";
        return false;
    }

    private void Answer(string head)
    {
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        var method = requestLine[0];
        var version = requestLine.Length > 2 ? requestLine[2] : "HTTP/1.0";
        string? connectionHeader = null;
        foreach (var line in lines)
        {
            if (line.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)) connectionHeader = line["Connection:".Length..].Trim();
        }
        var close = string.Equals(connectionHeader, "close", StringComparison.OrdinalIgnoreCase)
                    || (version == "HTTP/1.0" && !string.Equals(connectionHeader, "keep-alive", StringComparison.OrdinalIgnoreCase));
        Counters.OnRequest();
        if (method is "GET" or "HEAD") Respond("200 OK", withBody: method == "GET", close);
        else Respond("405 Method Not Allowed", withBody: false, close);
    }

    private void Respond(string status, bool withBody, bool close)
    {
        var length = status.StartsWith("200", StringComparison.Ordinal) ? Body.Length : 0;
        var head = $"HTTP/1.1 {status}\r\nServer: hashdance\r\nContent-Type: text/plain\r\nContent-Length: {length}\r\n"
                   + (close ? "Connection: close\r\n" : "") + "\r\n";
        var headBytes = Encoding.ASCII.GetBytes(head);
        var response = new byte[headBytes.Length + (withBody ? Body.Length : 0)];
        headBytes.CopyTo(response, 0);
        if (withBody) Body.CopyTo(response, headBytes.Length);
        // One write, so head and body leave in one segment as a server's single send() would put them.
        Send(ByteString.FromBytes(response));
        if (!close) return;
        _closing = true;
        CloseWhenSent();
    }
}
