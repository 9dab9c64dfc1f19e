using System.IO;

namespace Lewel.Engine.Runtime;

/// <summary>Reads and edits the version requirements (.gnu.version_r) of a 64-bit little-endian ELF file.
/// Used to mark TorchSharp's GLIBCXX_3.4.32 requirement weak on systems with GCC 12's libstdc++: exactly one symbol
/// carries that version and libtorch itself does not need it.
/// This one file serves both times the patch is applied: the engine calls it before the first torch call (for outputs
/// that skipped the build step), and build/TorchSharpNativeFix.targets compiles this same file as its inline
/// <c>WeakenElfVersionNeed</c> task. That compilation targets netstandard2.0 without implicit usings, so keep the
/// code to what both allow.</summary>
internal static class ElfVersionNeeds
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const int VerFlgWeak = 2;

    public static bool HasStrongRequirement(byte[] elf, string version) => Visit(elf, version, weaken: false) > 0;

    /// <summary>Sets the weak flag on every strong requirement of <paramref name="version"/>; returns how many changed.</summary>
    public static int Weaken(byte[] elf, string version) => Visit(elf, version, weaken: true);

    /// <summary>Weakens <paramref name="version"/> in the file at <paramref name="path"/>; returns how many requirements
    /// changed (0 when the file is absent, not ELF, or already patched, and then it is not written). The new content
    /// goes to a temporary file with the same permissions that replaces the original in one rename, so a process that
    /// has the library mapped keeps its old copy.</summary>
    public static int WeakenFile(string path, string version)
    {
        if (!File.Exists(path)) return 0;
        var bytes = File.ReadAllBytes(path);
        var changed = Weaken(bytes, version);
        if (changed == 0) return 0;
        var temp = path + ".patching";
        File.Copy(path, temp, overwrite: true); // the copy keeps the file's permissions; its bytes are then replaced
        File.WriteAllBytes(temp, bytes);
        File.Replace(temp, path, null);
        return changed;
    }

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

#if !NET
// Compiled only by the build's inline task (RoslynCodeTaskFactory defines no symbols; every .NET 5+ build of the engine
// defines NET), so the engine carries no MSBuild dependency.
public sealed class WeakenElfVersionNeed : Microsoft.Build.Utilities.Task
{
    [Microsoft.Build.Framework.Required]
    public Microsoft.Build.Framework.ITaskItem[] Files { get; set; } = [];

    [Microsoft.Build.Framework.Required]
    public string Version { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            try
            {
                if (ElfVersionNeeds.WeakenFile(item.ItemSpec, Version) > 0)
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High, $"Weakened {Version} requirement in {item.ItemSpec}");
            }
            catch (IOException e)
            {
                Log.LogError($"Could not weaken {Version} in {item.ItemSpec}: {e.Message}");
            }
            catch (System.UnauthorizedAccessException e)
            {
                Log.LogError($"Could not weaken {Version} in {item.ItemSpec}: {e.Message}");
            }
        }
        return !Log.HasLoggedErrors;
    }
}
#endif
