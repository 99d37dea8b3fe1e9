using System.Runtime.InteropServices;

namespace Hashdance.Interop.Tests.Infrastructure;

/// <summary>
/// Runs code on a fresh thread that has joined a named network namespace (setns with CLONE_NEWNET). TUNSETIFF
/// attaches to a device in the caller's namespace, so the TAP is opened here; the fd stays bound to that device
/// whichever thread uses it afterwards, so the rest of the test process (and the stack's RX thread) need not move.
/// </summary>
internal static class NetnsThread
{
    private const int CloneNewNet = 0x40000000;
    private const int OReadOnly = 0;
    private const int OCloExec = 0x80000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPStr)] string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nsType);

    public static T Run<T>(string netns, Func<T> body)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                var fd = Open($"/var/run/netns/{netns}", OReadOnly | OCloExec);
                if (fd < 0) throw new InvalidOperationException($"cannot open namespace {netns}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                try
                {
                    if (SetNs(fd, CloneNewNet) != 0) throw new InvalidOperationException($"setns {netns}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                }
                finally
                {
                    Close(fd);
                }
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = $"netns-{netns}" };
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return result!;
    }
}
