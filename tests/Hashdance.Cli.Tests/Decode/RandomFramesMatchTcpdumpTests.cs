using Hashdance.Cli.Tests.Infrastructure;
using static Hashdance.Cli.Tests.Infrastructure.Frames;

namespace Hashdance.Cli.Tests.Decode;

/// <summary>
/// Seeded random frames, biased towards the structures tcpdump decodes (known option kinds with right and wrong
/// lengths, HTTP ports, ICMP error quotes), often cut short by the snapshot length: thousands of cases no one would
/// write by hand, all compared with tcpdump in one capture.
/// </summary>
public sealed class RandomFramesMatchTcpdumpTests
{
    private static readonly byte[] OptionKinds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 19, 20, 28, 29, 30, 34, 254, 99, 200];
    private static readonly ushort[] Ports = [80, 8080, 5001, 40000, 443];

    [TcpdumpFact]
    public void RandomTcpSegmentsMatchTcpdump() => Compare(seed: 20251126, count: 3000, RandomTcpFrame);

    [TcpdumpFact]
    public void RandomIcmpArpUdpAndIpv6FramesMatchTcpdump() => Compare(seed: 6_18, count: 3000, RandomOtherFrame);

    private static void Compare(int seed, int count, Func<Random, byte[]> build)
    {
        var random = new Random(seed);
        var records = new List<CaptureFile.Record>();
        for (var i = 0; i < count; i++)
        {
            var frame = build(random);
            var captured = random.Next(4) == 0 ? random.Next(1, frame.Length + 1) : frame.Length;
            records.Add(CaptureFile.Record.Cut(frame, captured));
        }
        DecodeAssert.MatchesTcpdump(records);
    }

    private static byte[] RandomOptions(Random random)
    {
        var area = new byte[random.Next(0, 11) * 4];
        var position = 0;
        while (position < area.Length)
        {
            var kind = OptionKinds[random.Next(OptionKinds.Length)];
            area[position++] = kind;
            if (kind <= 1 || position >= area.Length) continue;
            var expected = kind switch { 2 => 4, 3 => 3, 4 => 2, 5 => 10, 8 => 10, 19 => 18, 34 => 10, 254 => 6, 30 => 12, _ => 4 };
            var length = random.Next(3) == 0 ? random.Next(0, 20) : expected;
            area[position++] = (byte)length;
            for (var i = 2; i < length && position < area.Length; i++) area[position++] = (byte)random.Next(256);
        }
        if (random.Next(4) == 0 && area.Length >= 4)
        {
            // Well-formed MPTCP and Fast Open experimental options with random subtypes and cookies.
            area[0] = random.Next(2) == 0 ? (byte)30 : (byte)254;
            area[1] = (byte)Math.Min(area.Length, 4 + 2 * random.Next(0, 10));
            area[2] = area[0] == 254 ? (byte)0xF9 : (byte)(random.Next(9) << 4 | random.Next(16));
            area[3] = area[0] == 254 ? (byte)0x89 : (byte)random.Next(256);
        }
        return area;
    }

    private static byte[] RandomPayload(Random random)
    {
        if (random.Next(3) == 0) return [];
        if (random.Next(2) == 0)
        {
            string[] lines = ["GET / HTTP/1.1\r\n", "HTTP/1.0 301 Moved\r\n", "POST /x HTTP/1.1\n", "hello\r\n", "GET /no-end", "PUT\t/a\r\rb"];
            return Ascii(lines[random.Next(lines.Length)]);
        }
        var payload = new byte[random.Next(1, 40)];
        random.NextBytes(payload);
        return payload;
    }

    private static byte[] RandomTcpFrame(Random random)
    {
        var options = RandomOptions(random);
        var segment = Tcp((byte)random.Next(256), options, RandomPayload(random), (uint)random.NextInt64(0, 1L << 32),
            (uint)random.NextInt64(0, 1L << 32), (ushort)random.Next(65536), (ushort)random.Next(65536),
            Ports[random.Next(Ports.Length)], Ports[random.Next(Ports.Length)],
            dataOffsetWords: random.Next(10) == 0 ? random.Next(16) : null);
        var packet = random.Next(8) == 0
            ? Ipv6(6, segment)
            : Ipv4(6, segment, flagsAndOffset: random.Next(10) == 0 ? (ushort)random.Next(65536) : (ushort)0x4000,
                totalLength: random.Next(12) == 0 ? random.Next(0, 120) : null);
        return Ethernet(packet[0] >> 4 == 6 ? (ushort)0x86DD : (ushort)0x0800, packet, padTo: random.Next(2) == 0 ? 60 : 0);
    }

    private static byte[] RandomOtherFrame(Random random)
    {
        switch (random.Next(5))
        {
            case 0:
            {
                var quoted = Ipv4(random.Next(2) == 0 ? (byte)6 : (byte)17, Tcp(Syn), ClientIp, ServerIp);
                var body = random.Next(2) == 0 ? quoted[..random.Next(0, quoted.Length)] : RandomPayload(random);
                return IcmpFrame((byte)random.Next(20), (byte)random.Next(18), (uint)random.NextInt64(0, 1L << 32), body);
            }
            case 1:
            {
                var arp = Arp((ushort)random.Next(12), ClientMac, ClientIp, random.Next(2) == 0 ? ServerMac : default, ServerIp);
                return Ethernet(random.Next(4) == 0 ? (ushort)0x8035 : (ushort)0x0806, arp, padTo: random.Next(2) == 0 ? 60 : 0);
            }
            case 2:
            {
                var payload = RandomPayload(random);
                // Ports 20000-29999: none of them is handed to an application printer by tcpdump.
                var udp = Udp((ushort)random.Next(20000, 30000), (ushort)random.Next(20000, 30000), payload,
                    lengthField: random.Next(5) == 0 ? random.Next(0, 60) : null);
                return Ethernet(0x0800, Ipv4(17, udp));
            }
            case 3:
            {
                var quoted = Ipv6(random.Next(2) == 0 ? (byte)6 : (byte)17, Tcp(Syn), "2001:db8::2", "2001:db8::1");
                var body = random.Next(2) == 0 ? quoted[..random.Next(0, quoted.Length)] : RandomPayload(random);
                byte[] types = [1, 2, 3, 4, 128, 129, 133, 134, 135, 136, 137, 141, 144, 146, 147, 160];
                var message = Icmp(types[random.Next(types.Length)], (byte)random.Next(7), (uint)random.NextInt64(0, 1L << 32), body);
                return Ethernet(0x86DD, Ipv6(58, message));
            }
            default:
            {
                var payload = new byte[random.Next(0, 50)];
                random.NextBytes(payload);
                byte[] protocols = [253, 77, 59, 6, 1];
                return Ethernet(0x0800, Ipv4(protocols[random.Next(protocols.Length)], payload,
                    options: random.Next(4) == 0 ? Options(1, 1, 7, 3, 4) : null,
                    totalLength: random.Next(6) == 0 ? random.Next(0, 100) : null));
            }
        }
    }
}
