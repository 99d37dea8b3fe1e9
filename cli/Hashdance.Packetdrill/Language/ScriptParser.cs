using System.Globalization;
using Hashdance.Protocol.Wire;

namespace Hashdance.Packetdrill.Language;

/// <summary>
/// A recursive-descent parser for the packetdrill language as the description's grammar subset (a.8) gives it:
/// flags, an optional init command, timed events (TCP and ICMP packets, system calls, shell commands, Python
/// blocks) and an optional cleanup command. Every node keeps its line number. Parsing never throws: a syntax error
/// comes back as a <see cref="ScriptParseError"/>.
/// </summary>
public sealed class ScriptParser
{
    private readonly string _source;
    private readonly IReadOnlyList<Token> _tokens;
    private int _position;

    private ScriptParser(string source, IReadOnlyList<Token> tokens)
    {
        _source = source;
        _tokens = tokens;
    }

    /// <summary>Parses <paramref name="source"/>; <paramref name="path"/> only names the script in errors.</summary>
    public static bool TryParse(string path, string source, out PacketdrillScript script, out ScriptParseError? error)
    {
        script = new PacketdrillScript(path, [], null, [], null);
        try
        {
            var parser = new ScriptParser(source, ScriptLexer.Tokenize(source));
            script = parser.ParseScript(path);
            error = null;
            return true;
        }
        catch (ScriptSyntaxException e)
        {
            error = new ScriptParseError(path, e.Line, e.Message);
            return false;
        }
    }

    /// <summary>
    /// One TCP packet line without its time column and arrow, e.g. <c>S 0:0(0) win 65535 &lt;mss 1460&gt;</c>, read as
    /// a line of <paramref name="direction"/> (inbound lines need a window; only outbound ones may say <c>&lt;...&gt;</c>).
    /// </summary>
    public static bool TryParsePacketLine(string line, PacketDirection direction, out TcpPacketEvent packet, out string error)
    {
        packet = null!;
        var arrow = direction == PacketDirection.Inbound ? '<' : '>';
        if (!TryParse("packet line", $"0 {arrow} {line}", out var script, out var parseError))
        {
            error = parseError!.Message;
            return false;
        }
        if (script.Events is not [{ Action: TcpPacketEvent tcp }])
        {
            error = $"'{line}' is not one TCP packet line";
            return false;
        }
        packet = tcp;
        error = "";
        return true;
    }

    /// <summary>Reads and parses a script file.</summary>
    public static bool TryParseFile(string path, out PacketdrillScript script, out ScriptParseError? error) =>
        TryParse(path, File.ReadAllText(path), out script, out error);

    private Token Peek(int ahead = 0) => _tokens[Math.Min(_position + ahead, _tokens.Count - 1)];

    private Token Take() => _tokens[Math.Min(_position++, _tokens.Count - 1)];

    private Token Expect(TokenKind kind, string what)
    {
        var token = Take();
        if (token.Kind != kind) throw new ScriptSyntaxException(token.Line, $"expected {what} but found {token}");
        return token;
    }

    private Token ExpectWord(string word)
    {
        var token = Take();
        if (!token.Is(TokenKind.Word, word)) throw new ScriptSyntaxException(token.Line, $"expected '{word}' but found {token}");
        return token;
    }

    private bool TryTake(TokenKind kind, out Token token)
    {
        token = Peek();
        if (token.Kind != kind) return false;
        _position++;
        return true;
    }

    private PacketdrillScript ParseScript(string path)
    {
        var options = new List<ScriptOption>();
        while (Peek().Kind == TokenKind.Option) options.Add(ParseOption(Take()));
        ShellCommand? init = null;
        if (Peek().Kind == TokenKind.Shell)
        {
            var shell = Take();
            init = new ShellCommand(shell.Text, shell.Line);
        }
        var events = new List<ScriptEvent>();
        ShellCommand? cleanup = null;
        while (Peek().Kind != TokenKind.End)
        {
            if (Peek().Kind == TokenKind.Shell && Peek(1).Kind == TokenKind.End)
            {
                var shell = Take();
                cleanup = new ShellCommand(shell.Text, shell.Line);
                break;
            }
            events.Add(ParseEvent());
        }
        if (events.Count == 0) throw new ScriptSyntaxException(Peek().Line, "the script has no events");
        return new PacketdrillScript(path, options, init, events, cleanup);
    }

    private static ScriptOption ParseOption(Token token)
    {
        var text = token.Text[2..];
        var equals = text.IndexOf('=');
        if (equals < 0) return new ScriptOption(text.Trim(), null, token.Line);
        var value = text[(equals + 1)..].Trim();
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"') value = value[1..^1];
        return new ScriptOption(text[..equals].Trim(), value, token.Line);
    }

    private ScriptEvent ParseEvent()
    {
        var line = Peek().Line;
        var time = ParseTime();
        var next = Peek();
        EventAction action = next.Kind switch
        {
            TokenKind.Less or TokenKind.Greater => ParsePacket(),
            TokenKind.Shell => new ShellEvent(Take().Text),
            TokenKind.Python => new PythonEvent(Take().Text),
            TokenKind.Word when Peek(1).Kind == TokenKind.LeftParen => ParseSyscall(),
            _ => throw new ScriptSyntaxException(next.Line, $"expected a packet, a system call, a command or a %{{ }}% block but found {next}"),
        };
        if (time.Kind is EventTimeKind.Range or EventTimeKind.Any && action is not TcpPacketEvent { Direction: PacketDirection.Outbound })
            throw new ScriptSyntaxException(line, "a time range or '*' is only allowed on outbound packets");
        return new ScriptEvent(line, time, action);
    }

    private EventTime ParseTime()
    {
        if (TryTake(TokenKind.Star, out _)) return EventTime.AnyTime;
        var relative = TryTake(TokenKind.Plus, out _);
        var start = ParseSeconds();
        if (TryTake(TokenKind.Tilde, out _))
        {
            var endRelative = TryTake(TokenKind.Plus, out _);
            var end = ParseSeconds();
            return new EventTime(EventTimeKind.Range, start, relative, end, endRelative);
        }
        if (TryTake(TokenKind.Ellipsis, out _))
        {
            var end = ParseSeconds();
            return new EventTime(EventTimeKind.Blocking, start, relative, end, relative);
        }
        return new EventTime(EventTimeKind.Point, start, relative);
    }

    /// <summary>Seconds with up to six decimals, as microseconds; parsed as decimal so 0.1 is exactly 100000.</summary>
    private long ParseSeconds()
    {
        var token = Expect(TokenKind.Number, "a time");
        if (!decimal.TryParse(token.Text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            throw new ScriptSyntaxException(token.Line, $"'{token.Text}' is not a time in seconds");
        return (long)decimal.Round(seconds * 1_000_000m);
    }

    private long ParseInteger()
    {
        var negative = TryTake(TokenKind.Minus, out _);
        var token = Expect(TokenKind.Number, "a number");
        long value;
        var ok = token.Text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.TryParse(token.Text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value)
            : long.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
        if (!ok) throw new ScriptSyntaxException(token.Line, $"'{token.Text}' is not an integer");
        return negative ? -value : value;
    }

    private uint ParseUInt32(string what)
    {
        var line = Peek().Line;
        var value = ParseInteger();
        if (value is < 0 or > uint.MaxValue) throw new ScriptSyntaxException(line, $"{what} {value} does not fit in 32 bits");
        return (uint)value;
    }

    private EventAction ParsePacket()
    {
        var arrow = Take();
        var direction = arrow.Kind == TokenKind.Less ? PacketDirection.Inbound : PacketDirection.Outbound;
        if (Peek().Is(TokenKind.Word, "icmp")) return ParseIcmp(direction, null);
        if (Peek().Kind == TokenKind.LeftBracket && PeekIcmpAfterQuotedRange())
        {
            // The older form names the quoted segment first: < [1:1461(1460)] icmp unreachable frag_needed mtu 1200.
            Take();
            var quoted = ParseSequenceRange();
            Expect(TokenKind.RightBracket, "']' closing the quoted segment");
            return ParseIcmp(direction, quoted);
        }

        var flagsLine = Peek().Line;
        var flagsText = "";
        if (TryTake(TokenKind.Minus, out _)) flagsText = "-";
        else
        {
            if (Peek().Kind == TokenKind.Word) flagsText = Take().Text;
            if (TryTake(TokenKind.Dot, out _)) flagsText += ".";
        }
        if (!TcpFlagsText.TryParse(flagsText, out var flags))
            throw new ScriptSyntaxException(flagsLine, flagsText.Length == 0 ? $"expected TCP flags but found {Peek()}" : $"unknown TCP flags '{flagsText}'");

        var (start, end, length) = ParseSequenceRange();
        uint? ack = null;
        int? window = null;
        while (Peek().Kind == TokenKind.Word)
        {
            var word = Peek();
            if (word.Text == "ack")
            {
                Take();
                ack = ParseUInt32("ack");
            }
            else if (word.Text == "win")
            {
                Take();
                var value = ParseInteger();
                if (value is < 0 or > ushort.MaxValue) throw new ScriptSyntaxException(word.Line, $"window {value} does not fit in 16 bits");
                window = (int)value;
            }
            else
            {
                throw new ScriptSyntaxException(word.Line, $"unexpected '{word.Text}' in a TCP packet line");
            }
        }
        if (direction == PacketDirection.Inbound && window is null)
            throw new ScriptSyntaxException(arrow.Line, "an inbound packet needs a window ('win N')");

        IReadOnlyList<TcpOptionSpec>? options = null;
        var unchecked_ = false;
        if (TryTake(TokenKind.Less, out var open))
        {
            if (TryTake(TokenKind.Ellipsis, out _))
            {
                if (direction == PacketDirection.Inbound) throw new ScriptSyntaxException(open.Line, "'<...>' is not allowed on inbound packets");
                unchecked_ = true;
            }
            else
            {
                var list = new List<TcpOptionSpec> { ParseTcpOption() };
                while (TryTake(TokenKind.Comma, out _)) list.Add(ParseTcpOption());
                options = list;
            }
            Expect(TokenKind.Greater, "'>' closing the TCP options");
        }
        return new TcpPacketEvent(direction, flags, start, end, length, ack, window, options, unchecked_);
    }

    /// <summary>Whether the bracket ahead closes before an <c>icmp</c> keyword (the older ICMP line form).</summary>
    private bool PeekIcmpAfterQuotedRange()
    {
        for (var ahead = 1; ahead < 12; ahead++)
        {
            var token = Peek(ahead);
            if (token.Kind == TokenKind.RightBracket) return Peek(ahead + 1).Is(TokenKind.Word, "icmp");
            if (token.Line != Peek().Line) return false;
        }
        return false;
    }

    private (uint Start, uint End, int Length) ParseSequenceRange()
    {
        var line = Peek().Line;
        var start = ParseUInt32("sequence number");
        Expect(TokenKind.Colon, "':' in start:end(length)");
        var end = ParseUInt32("sequence number");
        Expect(TokenKind.LeftParen, "'(' in start:end(length)");
        var length = ParseInteger();
        Expect(TokenKind.RightParen, "')' in start:end(length)");
        if (length < 0 || (uint)(end - start) != length)
            throw new ScriptSyntaxException(line, $"inconsistent sequence range {start}:{end}({length}): end - start must equal the length");
        return (start, end, (int)length);
    }

    private TcpOptionSpec ParseTcpOption()
    {
        var token = Expect(TokenKind.Word, "a TCP option");
        switch (token.Text)
        {
            case "nop": return new TcpOptionSpec(TcpOptionSpecKind.Nop);
            case "eol": return new TcpOptionSpec(TcpOptionSpecKind.Eol);
            case "sackOK": return new TcpOptionSpec(TcpOptionSpecKind.SackPermitted);
            case "mss":
                var mss = ParseUInt32("mss");
                if (mss > ushort.MaxValue) throw new ScriptSyntaxException(token.Line, $"mss {mss} does not fit in 16 bits");
                return new TcpOptionSpec(TcpOptionSpecKind.Mss, mss);
            case "wscale":
                var shift = ParseUInt32("wscale");
                if (shift > byte.MaxValue) throw new ScriptSyntaxException(token.Line, $"wscale {shift} does not fit in a byte");
                return new TcpOptionSpec(TcpOptionSpecKind.WindowScale, shift);
            case "sack":
                var blocks = new List<(uint, uint)>();
                while (Peek().Kind == TokenKind.Number)
                {
                    var left = ParseUInt32("SACK edge");
                    Expect(TokenKind.Colon, "':' in a SACK block");
                    blocks.Add((left, ParseUInt32("SACK edge")));
                }
                if (blocks.Count == 0) throw new ScriptSyntaxException(token.Line, "'sack' needs at least one start:end block");
                return new TcpOptionSpec(TcpOptionSpecKind.Sack, SackBlocks: blocks);
            case "TS":
                ExpectWord("val");
                var val = ParseUInt32("TS val");
                ExpectWord("ecr");
                return new TcpOptionSpec(TcpOptionSpecKind.Timestamp, val, ParseUInt32("TS ecr"));
            case "FO":
            case "FOEXP":
                string? cookie = null;
                if (Peek().Kind is TokenKind.Word or TokenKind.Number) cookie = Take().Text;
                return new TcpOptionSpec(token.Text == "FO" ? TcpOptionSpecKind.FastOpen : TcpOptionSpecKind.FastOpenExperimental, Cookie: cookie);
            default:
                throw new ScriptSyntaxException(token.Line, $"unknown TCP option '{token.Text}'");
        }
    }

    private IcmpPacketEvent ParseIcmp(PacketDirection direction, (uint Start, uint End, int Length)? quotedFirst)
    {
        var icmp = Take();
        if (direction == PacketDirection.Outbound) throw new ScriptSyntaxException(icmp.Line, "outbound ICMP lines are not supported");
        var type = Expect(TokenKind.Word, "an ICMP type").Text;
        string? code = null;
        if (Peek().Kind == TokenKind.Word && Peek().Text != "mtu") code = Take().Text;
        int? mtu = null;
        if (Peek().Is(TokenKind.Word, "mtu"))
        {
            Take();
            mtu = (int)ParseUInt32("mtu");
        }
        uint? start = quotedFirst?.Start, end = quotedFirst?.End;
        int? length = quotedFirst?.Length;
        if (quotedFirst is null && TryTake(TokenKind.LeftBracket, out _))
        {
            var range = ParseSequenceRange();
            (start, end, length) = (range.Start, range.End, range.Length);
            Expect(TokenKind.RightBracket, "']' closing the quoted segment");
        }
        return new IcmpPacketEvent(direction, type, code, mtu, start, end, length);
    }

    private SyscallEvent ParseSyscall()
    {
        var name = Take().Text;
        Expect(TokenKind.LeftParen, "'('");
        var args = new List<SyscallArg>();
        if (!TryTake(TokenKind.RightParen, out _))
        {
            args.Add(ParseArg());
            while (TryTake(TokenKind.Comma, out _)) args.Add(ParseArg());
            Expect(TokenKind.RightParen, "')' closing the arguments");
        }
        Expect(TokenKind.Equals, "'=' before the result");
        var result = ParseInteger();
        string? errno = null;
        if (Peek().Kind == TokenKind.Word) errno = Take().Text;
        string? note = null;
        if (TryTake(TokenKind.LeftParen, out var open))
        {
            var depth = 1;
            Token close;
            do
            {
                close = Take();
                if (close.Kind == TokenKind.End) throw new ScriptSyntaxException(open.Line, "unterminated '(' after the result");
                if (close.Kind == TokenKind.LeftParen) depth++;
                if (close.Kind == TokenKind.RightParen) depth--;
            }
            while (depth > 0);
            note = _source[open.EndOffset..close.Start].Trim();
        }
        return new SyscallEvent(name, args, result, errno, note);
    }

    private SyscallArg ParseArg()
    {
        var token = Peek();
        switch (token.Kind)
        {
            case TokenKind.Ellipsis:
                Take();
                return SyscallArg.Ellipsis;
            case TokenKind.Number:
            case TokenKind.Minus:
                return new SyscallArg(SyscallArgKind.Integer, ParseInteger());
            case TokenKind.Word:
                var symbols = new List<string> { Take().Text };
                while (TryTake(TokenKind.Pipe, out _)) symbols.Add(Expect(TokenKind.Word, "a symbol after '|'").Text);
                return new SyscallArg(SyscallArgKind.Symbols, Symbols: symbols);
            case TokenKind.String:
                Take();
                return new SyscallArg(SyscallArgKind.String, Bytes: token.Bytes);
            case TokenKind.LeftBracket:
                Take();
                var elements = new List<SyscallArg>();
                if (!TryTake(TokenKind.RightBracket, out _))
                {
                    elements.Add(ParseArg());
                    while (TryTake(TokenKind.Comma, out _)) elements.Add(ParseArg());
                    Expect(TokenKind.RightBracket, "']'");
                }
                return new SyscallArg(SyscallArgKind.List, Elements: elements);
            case TokenKind.LeftBrace:
                Take();
                var fields = new List<(string, long)>();
                do
                {
                    var field = Expect(TokenKind.Word, "a field name").Text;
                    Expect(TokenKind.Equals, "'=' after a field name");
                    fields.Add((field, ParseInteger()));
                }
                while (TryTake(TokenKind.Comma, out _));
                Expect(TokenKind.RightBrace, "'}'");
                return new SyscallArg(SyscallArgKind.Struct, Fields: fields);
            default:
                throw new ScriptSyntaxException(token.Line, $"unexpected {token} in the arguments of a system call");
        }
    }
}
