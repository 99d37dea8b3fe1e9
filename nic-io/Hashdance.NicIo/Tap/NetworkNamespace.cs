using System.Runtime.InteropServices;

namespace Hashdance.NicIo;

/// <summary>
/// Runs code on a fresh thread that has joined a named network namespace (setns(2) with CLONE_NEWNET on
/// <c>/var/run/netns/NAME</c>, as <c>ip netns exec</c> does for a whole process). TUNSETIFF attaches to a device in the
/// calling thread's namespace, so a <see cref="TapLink"/> for a device in another namespace is opened here; the fd then
/// stays bound to that device whichever thread uses it. Sockets likewise belong to the namespace they were created in.
/// </summary>
public static class NetworkNamespace
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

    /// <summary>Moves the calling thread into namespace <paramref name="name"/>; for threads that live there from then on.</summary>
    public static void Enter(string name)
    {
        var fd = Open($"/var/run/netns/{name}", OReadOnly | OCloExec);
        if (fd < 0) throw new InvalidOperationException($"cannot open network namespace '{name}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            if (SetNs(fd, CloneNewNet) != 0) throw new InvalidOperationException($"setns into '{name}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Runs <paramref name="body"/> on a new thread inside namespace <paramref name="name"/> and returns its result.</summary>
    public static T Run<T>(string name, Func<T> body)
    {
        T? result = default;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                result = body();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }) { IsBackground = true, Name = $"netns-{name}" };
        thread.Start();
        thread.Join();
        if (failure is not null) throw failure;
        return result!;
    }
}
