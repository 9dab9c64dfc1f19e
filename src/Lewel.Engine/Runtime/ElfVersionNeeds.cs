namespace Lewel.Engine.Runtime;

/// <summary>Reads and edits the version requirements (.gnu.version_r) of a 64-bit little-endian ELF file.
/// Used to mark TorchSharp's GLIBCXX_3.4.32 requirement weak on systems with GCC 12's libstdc++: exactly one symbol
/// carries that version and libtorch itself does not need it. build/TorchSharpNativeFix.targets does the same at
/// build time; this is the run-time fallback for outputs that skipped that step.</summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int VerFlgWeak = 2;

    public static bool HasStrongRequirement(byte[] elf, string version) => Visit(elf, version, weaken: false) > 0;

    /// <summary>Sets the weak flag on every strong requirement of <paramref name="version"/>; returns how many changed.</summary>
    public static int Weaken(byte[] elf, string version) => Visit(elf, version, weaken: true);

    private static int Visit(byte[] d, string version, bool weaken)
    {
        if (d.Length < 64 || d[0] != 0x7f || d[1] != (byte)'E' || d[4] != 2 || d[5] != 1) return 0;
        var want = System.Text.Encoding.ASCII.GetBytes(version);
        long shoff = U64(d, 0x28);
        int shent = U16(d, 0x3A), shnum = U16(d, 0x3C), found = 0;
        for (var i = 0; i < shnum; i++)
        {
            var sh = (int)shoff + i * shent;
            if (U32(d, sh + 4) != ShtGnuVerneed) continue;
            var p = (int)U64(d, sh + 24);
            var strtab = (int)U64(d, (int)shoff + (int)U32(d, sh + 40) * shent + 24);
            while (true)
            {
                int count = U16(d, p + 2), aux = p + (int)U32(d, p + 8);
                var next = U32(d, p + 12);
                for (var k = 0; k < count; k++)
                {
                    var name = strtab + (int)U32(d, aux + 8);
                    if (NameEquals(d, name, want) && (U16(d, aux + 4) & VerFlgWeak) == 0)
                    {
                        found++;
                        if (weaken) d[aux + 4] |= VerFlgWeak;
                    }
                    aux += (int)U32(d, aux + 12);
                }
                if (next == 0) break;
                p += (int)next;
            }
        }
        return found;
    }

    private static bool NameEquals(byte[] d, int at, byte[] want)
    {
        if (at + want.Length >= d.Length || d[at + want.Length] != 0) return false;
        for (var j = 0; j < want.Length; j++)
            if (d[at + j] != want[j]) return false;
        return true;
    }

    private static int U16(byte[] d, int o) => d[o] | d[o + 1] << 8;
    private static uint U32(byte[] d, int o) => (uint)(d[o] | d[o + 1] << 8 | d[o + 2] << 16 | d[o + 3] << 24);
    private static long U64(byte[] d, int o) => U32(d, o) | (long)U32(d, o + 4) << 32;
}
