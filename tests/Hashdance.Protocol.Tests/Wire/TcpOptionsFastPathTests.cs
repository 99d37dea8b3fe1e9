using CsCheck;
using Hashdance.Protocol.Wire;

namespace Hashdance.Protocol.Tests.Wire;

/// <summary>
/// The word-matching fast path of <see cref="TcpOptions.Parse(ReadOnlySpan{byte}, bool, in TcpParseSettings, out TcpOptions)"/>
/// (the Linux layouts, as tcp_fast_parse_options special-cases the aligned timestamp) must give exactly what the
/// general walk gives, for every input and every setting.
/// </summary>
public sealed class TcpOptionsFastPathTests
{
    /// <summary>mss 1460, sackOK, TS val 0x01020304 ecr 0x05060708, nop, wscale 7: what Linux puts on a SYN.</summary>
    private static readonly byte[] LinuxSyn = Convert.FromHexString("020405B4" + "0402080A" + "01020304" + "05060708" + "01030307");

    /// <summary>nop, nop, TS val 0x0A0B0C0D ecr 0x01020304: what Linux puts on every established segment.</summary>
    private static readonly byte[] AlignedTimestamp = Convert.FromHexString("0101080A" + "0A0B0C0D" + "01020304");

    private static readonly Gen<TcpParseSettings> GenSettings =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool,
            (ws, sack, ts, established, tsOk, sackOk, fastOpen) => new TcpParseSettings
            {
                WindowScaling = ws, Sack = sack, Timestamps = ts, Established = established,
                TimestampsOk = tsOk, SackOk = sackOk, FastOpen = fastOpen,
            });

    private static void AssertSameAsWalk(byte[] options, bool isSyn, TcpParseSettings settings)
    {
        TcpOptions.Parse(options, isSyn, settings, out var fast);
        TcpOptions.ParseByWalk(options, isSyn, settings, out var walk);
        AssertEqual(walk, fast, $"{Convert.ToHexString(options)} syn={isSyn} {settings}");
    }

    private static void AssertEqual(in TcpOptions expected, in TcpOptions actual, string input)
    {
        Assert.True(expected.Mss == actual.Mss, $"Mss {input}");
        Assert.True(expected.WindowScaleOk == actual.WindowScaleOk, $"WindowScaleOk {input}");
        Assert.True(expected.WindowScale == actual.WindowScale, $"WindowScale {input}");
        Assert.True(expected.WindowScaleClamped == actual.WindowScaleClamped, $"WindowScaleClamped {input}");
        Assert.True(expected.SackPermitted == actual.SackPermitted, $"SackPermitted {input}");
        Assert.True(expected.SawTimestamp == actual.SawTimestamp, $"SawTimestamp {input}");
        Assert.True(expected.TsVal == actual.TsVal, $"TsVal {input}");
        Assert.True(expected.TsEcr == actual.TsEcr, $"TsEcr {input}");
        Assert.True(expected.SackBlockCount == actual.SackBlockCount, $"SackBlockCount {input}");
        for (var i = 0; i < TcpSackBlocks.MaxBlocks; i++)
            Assert.True(expected.SackBlocks[i] == actual.SackBlocks[i], $"SackBlocks[{i}] {input}");
        Assert.True(expected.SawFastOpen == actual.SawFastOpen, $"SawFastOpen {input}");
        Assert.True(expected.FastOpenCookieLength == actual.FastOpenCookieLength, $"FastOpenCookieLength {input}");
        Assert.True(expected.FastOpenExperimental == actual.FastOpenExperimental, $"FastOpenExperimental {input}");
        ReadOnlySpan<byte> expectedCookie = expected.FastOpenCookie, actualCookie = actual.FastOpenCookie;
        Assert.True(expectedCookie.SequenceEqual(actualCookie), $"FastOpenCookie {input}");
        Assert.True(expected.SawMd5 == actual.SawMd5, $"SawMd5 {input}");
        Assert.True(expected.SawAo == actual.SawAo, $"SawAo {input}");
        Assert.True(expected.AccEcnOffset == actual.AccEcnOffset, $"AccEcnOffset {input}");
        Assert.True(expected.SawUnknown == actual.SawUnknown, $"SawUnknown {input}");
        Assert.True(expected.Status == actual.Status, $"Status {input}");
    }

    [Fact]
    public void The_linux_layouts_take_the_fast_path_and_others_do_not()
    {
        var settings = TcpParseSettings.Listener;
        var result = default(TcpOptions);
        Assert.True(TcpOptions.TryParseLinuxLayout(LinuxSyn, true, settings, ref result));
        Assert.True(TcpOptions.TryParseLinuxLayout(AlignedTimestamp, false, settings, ref result));
        Assert.True(TcpOptions.TryParseLinuxLayout([], false, settings, ref result));
        var untouched = default(TcpOptions);
        // The same options in a different order (sackOK behind two NOPs, wscale first) go to the walk.
        Assert.False(TcpOptions.TryParseLinuxLayout(Convert.FromHexString("01030307020405B40101080A01020304050607080000"), true, settings, ref untouched));
        Assert.False(TcpOptions.TryParseLinuxLayout(Convert.FromHexString("0101080A0A0B0C0D0102030401010402"), false, settings, ref untouched));
        AssertEqual(default, untouched, "a layout the fast path declined");
    }

    [Fact]
    public void Aligned_timestamp_layout_gives_the_timestamps_only_when_negotiated()
    {
        TcpOptions.Parse(AlignedTimestamp, isSyn: false, TcpParseSettings.ForEstablished(timestampsOk: true, sackOk: true), out var o);
        Assert.True(o.SawTimestamp);
        Assert.Equal(0x0A0B0C0Du, o.TsVal);
        Assert.Equal(0x01020304u, o.TsEcr);
        Assert.Equal(TcpOptionReaderStatus.Complete, o.Status);
        TcpOptions.Parse(AlignedTimestamp, isSyn: false, TcpParseSettings.ForEstablished(timestampsOk: false, sackOk: true), out o);
        Assert.False(o.SawTimestamp);
        Assert.Equal(0u, o.TsVal);
    }

    [Fact]
    public void By_value_and_out_forms_agree()
    {
        var byValue = TcpOptions.Parse(TestFrames.EveryOptionKind, true, TcpParseSettings.Listener);
        TcpOptions.Parse(TestFrames.EveryOptionKind, true, TcpParseSettings.Listener, out var viaOut);
        AssertEqual(byValue, viaOut, "every option kind");
        Assert.Equal(8, viaOut.FastOpenCookieLength);
        viaOut.ToOptionSet(out var set);
        Assert.Equal(byValue.ToOptionSet(), set);
        Assert.Equal((ushort)1460, set.Mss);
    }

    [Fact]
    public void Every_setting_on_the_exact_layouts_matches_the_walk()
    {
        // 2^7 settings × SYN flag × three layouts, exhaustively, including the shift above 14 and MSS 0.
        byte[] clampedZeroMss = Convert.FromHexString("02040000" + "0402080A" + "FFFFFFFF" + "00000000" + "010303FF");
        for (var bits = 0; bits < 128; bits++)
        {
            var settings = new TcpParseSettings
            {
                WindowScaling = (bits & 1) != 0, Sack = (bits & 2) != 0, Timestamps = (bits & 4) != 0,
                Established = (bits & 8) != 0, TimestampsOk = (bits & 16) != 0, SackOk = (bits & 32) != 0,
                FastOpen = (bits & 64) != 0,
            };
            foreach (var isSyn in new[] { false, true })
            foreach (var options in new[] { LinuxSyn, AlignedTimestamp, clampedZeroMss, Array.Empty<byte>() })
                AssertSameAsWalk(options, isSyn, settings);
        }
    }

    [Fact]
    public void Random_option_bytes_match_the_walk() =>
        Gen.Select(Gen.Byte.Array[0, 40], Gen.Bool, GenSettings)
            .Sample((options, isSyn, settings) => AssertSameAsWalk(options, isSyn, settings), iter: 20_000, seed: "0Qw3rTy5uI7o");

    [Fact]
    public void Mutated_linux_layouts_match_the_walk()
    {
        // Mostly one to three changed bytes (often one of the fixed kind/length bytes), sometimes a changed
        // length, so inputs sit right at the edge of what the fast path accepts.
        var templates = new[] { LinuxSyn, AlignedTimestamp };
        Gen.Select(Gen.Int[0, 1], Gen.Select(Gen.Int[0, 39], Gen.Byte).Array[0, 3], Gen.Int[-2, 2], Gen.Bool, GenSettings)
            .Sample((which, changes, resize, isSyn, settings) =>
            {
                var template = templates[which];
                var options = new byte[Math.Clamp(template.Length + (resize is -2 or 2 ? resize : 0), 0, 40)];
                template.AsSpan(0, Math.Min(template.Length, options.Length)).CopyTo(options);
                foreach (var (position, value) in changes)
                    if (options.Length > 0) options[position % options.Length] = value;
                AssertSameAsWalk(options, isSyn, settings);
            }, iter: 20_000, seed: "0Mu7aT3dLy0u");
    }
}
