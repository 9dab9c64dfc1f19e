using Lewel.Engine.Runtime;

namespace Lewel.Engine.Tests.Runtime;

public class CpuFeaturesTests
{
    // Two cores of an AMD EPYC (Zen 4) as /proc/cpuinfo lists them, flags line abridged.
    private const string Epyc = """
        processor	: 0
        vendor_id	: AuthenticAMD
        model name	: AMD EPYC 9R14 96-Core Processor
        flags		: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi2 avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512_bf16 avx512vbmi avx512_vnni avx512_bitalg avx512_vpopcntdq
        bogomips	: 5199.99

        processor	: 1
        model name	: AMD EPYC 9R14 96-Core Processor
        flags		: fpu vme sse sse2 ssse3 fma cx16 sse4_1 sse4_2 avx f16c avx2 bmi2 avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512_bf16 avx512vbmi avx512_vnni avx512_bitalg avx512_vpopcntdq
        """;

    [Fact]
    public void Parse_EpycFlags_FindsAvx2AndTheAvx512SubsetsButNoAmx()
    {
        var cpu = CpuFeatures.Parse(Epyc);
        Assert.Equal("AMD EPYC 9R14 96-Core Processor", cpu.Model);
        Assert.True(cpu.Avx2);
        Assert.Equal(["f", "bw", "vl", "dq", "vnni", "bf16"], cpu.Avx512);
        Assert.Empty(cpu.Amx);
        Assert.Equal("avx512_core_bf16", cpu.OneDnnIsa);
        Assert.Equal("AVX2 yes; AVX-512 f bw vl dq vnni bf16; AMX none", cpu.Describe());
    }

    [Theory]
    [InlineData("flags : sse4_1 avx avx2 fma", "avx2", "AVX2 yes; AVX-512 none; AMX none")]
    [InlineData("flags : avx2 avx_vnni", "avx2_vnni", "AVX2 yes; AVX-512 none; AMX none")]
    [InlineData("flags : avx2 avx512f avx512bw avx512vl avx512dq", "avx512_core", "AVX2 yes; AVX-512 f bw vl dq; AMX none")]
    [InlineData("flags : avx2 avx512f avx512bw avx512vl avx512dq avx512_vnni avx512_bf16 amx_bf16 amx_tile amx_int8", "avx512_core_amx",
        "AVX2 yes; AVX-512 f bw vl dq vnni bf16; AMX tile bf16 int8")]
    [InlineData("flags : sse4_1 avx", "sse41", "AVX2 no; AVX-512 none; AMX none")]
    public void OneDnnIsa_IsTheWidestTheFlagsAllow(string flags, string isa, string described)
    {
        var cpu = CpuFeatures.Parse(flags);
        Assert.Equal(isa, cpu.OneDnnIsa);
        Assert.Equal(described, cpu.Describe());
        Assert.Null(cpu.Model);
    }

    [Fact]
    public void Parse_NoFlagsLine_IsUnknown()
    {
        Assert.Equal("unknown (no flags line in /proc/cpuinfo)", CpuFeatures.Parse("processor : 0\n").Describe());
    }

    [Fact]
    public void Overrides_NameEverySetCap()
    {
        var environment = new Dictionary<string, string> { ["ONEDNN_MAX_CPU_ISA"] = "AVX2", ["ATEN_CPU_CAPABILITY"] = "default", ["DNNL_MAX_CPU_ISA"] = "" };
        Assert.Equal(["ONEDNN_MAX_CPU_ISA=AVX2", "ATEN_CPU_CAPABILITY=default"], CpuFeatures.Overrides(v => environment.GetValueOrDefault(v)));
        Assert.Empty(CpuFeatures.Overrides(_ => null));
    }

    [Fact]
    public void Current_OnLinux_ReadsThisMachinesFlags()
    {
        if (!OperatingSystem.IsLinux()) return;
        Assert.NotEmpty(CpuFeatures.Current.Flags);
    }
}
