namespace Hashdance.Packetdrill.Language;

/// <summary>
/// One argument of a system call line. <see cref="Integer"/> for numbers; <see cref="Symbols"/> for
/// <c>A|B|C</c>; <see cref="Elements"/> for <c>[...]</c> lists (pointers to ints); <see cref="Bytes"/> for
/// strings; <see cref="Fields"/> for <c>{name=value, ...}</c> structs.
/// </summary>
public sealed record SyscallArg(
    SyscallArgKind Kind,
    long Integer = 0,
    IReadOnlyList<string>? Symbols = null,
    IReadOnlyList<SyscallArg>? Elements = null,
    byte[]? Bytes = null,
    IReadOnlyList<(string Name, long Value)>? Fields = null)
{
    public static SyscallArg Ellipsis { get; } = new(SyscallArgKind.Ellipsis);

    public override string ToString() => Kind switch
    {
        SyscallArgKind.Ellipsis => "...",
        SyscallArgKind.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SyscallArgKind.Symbols => string.Join('|', Symbols ?? []),
        SyscallArgKind.List => "[" + string.Join(", ", Elements ?? []) + "]",
        SyscallArgKind.String => "\"" + string.Concat((Bytes ?? []).Select(b => b is >= 0x20 and < 0x7f && b != '"' && b != '\\' ? ((char)b).ToString() : $"\\x{b:x2}")) + "\"",
        SyscallArgKind.Struct => "{" + string.Join(", ", (Fields ?? []).Select(f => $"{f.Name}={f.Value}")) + "}",
        _ => Kind.ToString(),
    };
}
