using System.Text;

namespace Hashdance.Cli.Decode.Printing;

/// <summary>
/// Mirrors txtproto_print (util-print.c) as http_print (print-http.c) uses it without <c>-v</c>: <c>HTTP</c>, and
/// when the payload starts with a request method or a status line, <c>: </c> and its first line.
/// </summary>
internal static class TextProtocolPrinter
{
    /// <summary>MAX_TOKEN + 1: the size of tcpdump's token buffer, terminator included.</summary>
    private const int TokenBufferSize = 129;

    /// <summary>httpcmds: HTTP and WebDAV request methods.</summary>
    private static readonly HashSet<string> HttpMethods = new(StringComparer.OrdinalIgnoreCase)
    {
        "GET", "PUT", "COPY", "HEAD", "LOCK", "MOVE", "POLL", "POST", "BCOPY", "BMOVE", "MKCOL", "TRACE", "LABEL",
        "MERGE", "DELETE", "SEARCH", "UNLOCK", "REPORT", "UPDATE", "NOTIFY", "BDELETE", "CONNECT", "OPTIONS",
        "CHECKIN", "PROPFIND", "CHECKOUT", "CCM_POST", "SUBSCRIBE", "PROPPATCH", "BPROPFIND", "BPROPPATCH",
        "UNCHECKOUT", "MKACTIVITY", "MKWORKSPACE", "UNSUBSCRIBE", "RPC_CONNECT", "VERSION-CONTROL",
        "BASELINE-CONTROL",
    };

    /// <param name="payload">Captured payload bytes.</param>
    /// <param name="length">Declared payload length.</param>
    public static PrintResult PrintHttp(PrintContext context, ReadOnlySpan<byte> payload, uint length)
    {
        context.Protocol = "http";
        var end = (int)Math.Min(length, int.MaxValue);
        var printLine = false;
        var next = FetchToken(payload, 0, end, out var token);
        if (next != 0)
        {
            if (HttpMethods.Contains(token)) printLine = true;
            // The status code is the second token of a response line ("HTTP/1.1 200 OK").
            next = FetchToken(payload, next, end, out token);
            if (next != 0 && token.Length == 3 && token.All(char.IsAsciiDigit)) printLine = true;
        }
        context.Append("HTTP");
        return printLine ? PrintFirstLine(context, payload, end) : PrintResult.Done;
    }

    /// <summary>Mirrors fetch_token: the token at <paramref name="index"/> and the index of the next one, or 0.</summary>
    private static int FetchToken(ReadOnlySpan<byte> payload, int index, int length, out string token)
    {
        token = "";
        var text = new StringBuilder();
        for (; index < length; index++)
        {
            if (index >= payload.Length) return 0;
            var c = payload[index];
            if (c >= 0x80) return 0;
            if (c is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n') break;
            if (!HexDump.IsPrintable(c)) return 0;
            if (text.Length + 2 > TokenBufferSize) return 0;
            text.Append((char)c);
        }
        if (text.Length == 0) return 0;
        token = text.ToString();
        for (; index < length && index < payload.Length; index++)
        {
            var c = payload[index];
            if (c is (byte)'\r' or (byte)'\n' || !HexDump.IsPrintable(c) || (c != ' ' && c != '\t')) break;
        }
        return index;
    }

    /// <summary>Mirrors print_txt_line for the first line with the <c>": "</c> prefix.</summary>
    private static PrintResult PrintFirstLine(PrintContext context, ReadOnlySpan<byte> payload, int length)
    {
        for (var index = 0; index < length; index++)
        {
            if (index >= payload.Length) return PrintResult.Truncated;
            var c = payload[index];
            if (c == '\n') return AppendLine(context, payload[..index]);
            if (c == '\r')
            {
                if (index + 1 >= length) return PrintResult.Done;
                if (index + 1 >= payload.Length) return PrintResult.Truncated;
                return payload[index + 1] == '\n' ? AppendLine(context, payload[..index]) : PrintResult.Done;
            }
            if (!HexDump.IsPrintable(c) && c != '\t') return PrintResult.Done;
        }
        // Printable to the end without a line ending: tcpdump prints it and marks it truncated.
        AppendLine(context, payload[..length]);
        context.AppendTruncationMarker();
        return PrintResult.Done;
    }

    private static PrintResult AppendLine(PrintContext context, ReadOnlySpan<byte> line)
    {
        context.Append(": ").Append(Encoding.ASCII.GetString(line));
        return PrintResult.Done;
    }
}
