namespace Hashdance.Cli.Decode.Printing;

/// <summary>How a printer ended. tcpdump's printers stop at the end of the captured data by longjmp-ing back to
/// pretty_print_packet (print.c), which then appends <c>" [|proto]"</c>; here that is <see cref="Truncated"/>,
/// propagated up to <see cref="FramePrinter"/>.</summary>
internal enum PrintResult
{
    /// <summary>The printer finished (possibly after printing its own error or truncation text).</summary>
    Done,

    /// <summary>The printer ran past the captured bytes; the frame printer appends the truncation marker for
    /// <see cref="PrintContext.Protocol"/>.</summary>
    Truncated,

    /// <summary>The frame is not decoded by hashdance; <see cref="PrintContext.RejectionReason"/> says why and
    /// replaces the whole line.</summary>
    Rejected,
}
