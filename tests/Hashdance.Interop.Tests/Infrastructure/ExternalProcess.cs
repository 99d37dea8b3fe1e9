using System.Diagnostics;

namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>
/// One external program (curl, nc, python3, ip, tshark…) with its output collected. Timeouts bound how long a test
/// waits for a program that hangs; they time nothing in the stack.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Task<byte[]> _stdout;
    private readonly Task<string> _stderr;

    private ExternalProcess(Process process, string commandLine)
    {
        _process = process;
        CommandLine = commandLine;
        var buffer = new MemoryStream();
        _stdout = process.StandardOutput.BaseStream.CopyToAsync(buffer).ContinueWith(_ => buffer.ToArray(), TaskScheduler.Default);
        _stderr = process.StandardError.ReadToEndAsync();
    }

    public string CommandLine { get; }

    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                     .Concat(["/usr/sbin", "/sbin"]))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Starts <paramref name="program"/>; <paramref name="stdin"/>, if given, is written and closed.</summary>
    public static ExternalProcess Start(string program, IEnumerable<string> arguments, byte[]? stdin = null)
    {
        var info = new ProcessStartInfo(Find(program) ?? throw new InvalidOperationException($"{program} is not on PATH"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
        var started = new ExternalProcess(process, $"{program} {string.Join(' ', info.ArgumentList)}");
        _ = Task.Run(async () =>
        {
            try
            {
                if (stdin is not null) await process.StandardInput.BaseStream.WriteAsync(stdin);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program exited without reading all of its input; its exit code tells the test what happened.
            }
        });
        return started;
    }

    /// <summary>Runs to completion, or is killed after <paramref name="timeout"/> (then TimeoutException).</summary>
    public static async Task<ProcessResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout, byte[]? stdin = null)
    {
        await using var process = Start(program, arguments, stdin);
        return await process.WaitAsync(timeout);
    }

    public async Task<ProcessResult> WaitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            var partial = await _stderr;
            throw new TimeoutException($"'{CommandLine}' did not finish within {timeout.TotalSeconds:F0} s; stderr: {partial.Trim()}");
        }
        return new ProcessResult(CommandLine, _process.ExitCode, await _stdout, await _stderr);
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>Ends the process with SIGTERM-like Kill if it still runs, so no test leaves programs behind.</summary>
    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
