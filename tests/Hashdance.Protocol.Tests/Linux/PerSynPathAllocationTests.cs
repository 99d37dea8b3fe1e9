using Hashdance.Protocol.Config;
using Hashdance.Protocol.Crypto;
using Hashdance.Protocol.Linux;

namespace Hashdance.Protocol.Tests.Linux;

public class PerSynPathAllocationTests
{
    [Fact]
    public void Per_syn_computations_allocate_nothing()
    {
        var seq = new SecureSequence(1);
        var cookies = new SynCookies(2);
        var keys = new FastOpenKey(FastOpenKey.KeyFromWords(1, 2, 3, 4));
        var sysctls = TcpSysctls.Default;
        var cookie = new byte[FastOpenCookie.Size];
        ulong sink = 0;

        void Work()
        {
            sink += seq.InitialSequence(RunnerAddresses.Local, RunnerAddresses.Remote, 8080, 40000, 123_456_789);
            sink += seq.TimestampOffset(RunnerAddresses.Local, RunnerAddresses.Remote, 1);
            var c = cookies.Encode(RunnerAddresses.Remote, RunnerAddresses.Local, 40000, 8080, 77, 1460, 5_000_000);
            sink += cookies.Check(RunnerAddresses.Remote, RunnerAddresses.Local, 40000, 8080, 78, c.Isn + 1, 5_000_000).Mss;
            sink += SynCookies.InitTimestamp(5_000_000, true, 7, true, false);
            sink += (ulong)SynCookies.DecodeTimestamp(true, 1234, 0, sysctls).SendWindowScale;
            FastOpenCookie.Write(keys.Primary, RunnerAddresses.Remote, RunnerAddresses.Local, cookie);
            sink += (ulong)FastOpenCookie.Check(cookie, keys, RunnerAddresses.Remote, RunnerAddresses.Local);
            sink += InitialWindow.ForRequest(1460, true, true, 131072, false, 0, sysctls).ReceiveWindow;
            sink += (ulong)RequestTimerPolicy.OnExpiry(1, false, 0, 3, 1, 128, 0, sysctls).NextTimeoutMicros;
        }

        Work(); // JIT and static initialisation first
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
            Work();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.NotEqual(0UL, sink);
    }
}
