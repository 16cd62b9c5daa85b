// Compiled twice: by MSBuild's RoslynCodeTaskFactory as the WeakenVersionRequirement task (LibTorchSharpNatives.targets),
// and by tests/SpatialMe.Models.Tests with ELF_PATCH_ONLY defined, which tests the ELF logic without MSBuild.
// It targets the API of netstandard2.0 (what inline tasks compile against): byte arrays, no spans.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace SpatialMe.Build
{
    /// <summary>One version requirement of an ELF file (a Vernaux entry of <c>.gnu.version_r</c>): the library it
    /// is needed from, the version name, its flags, and where its flags live in the file.</summary>
    public sealed class ElfVersionNeed
    {
        public ElfVersionNeed(string file, string version, ushort flags, long flagsOffset)
        {
            File = file;
            Version = version;
            Flags = flags;
            FlagsOffset = flagsOffset;
        }

        public string File { get; }

        public string Version { get; }

        public ushort Flags { get; }

        /// <summary>Byte offset of this entry's <c>vna_flags</c> in the file.</summary>
        public long FlagsOffset { get; }

        public bool IsWeak => (Flags & ElfVersions.WeakFlag) != 0;
    }

    /// <summary>
    /// Reads the GNU symbol-version sections of 64-bit little-endian ELF files and marks a version requirement weak.
    /// <para>
    /// Why: TorchSharp 0.107.0's libLibTorchSharp.so needs GLIBCXX_3.4.32 (GCC 13) for one symbol,
    /// <c>std::ios_base_library_init</c>, a marker with no relocation; Debian 12's libstdc++ stops at 3.4.30, so the
    /// loader refuses the library and every torch call fails. A requirement flagged VER_FLG_WEAK (0x2 in the
    /// Vernaux entry's <c>vna_flags</c>) that the system cannot satisfy only draws a note from the loader, and the
    /// library loads. Changing those two bytes is the whole fix; nothing else in the file moves.
    /// </para>
    /// </summary>
    public static class ElfVersions
    {
        /// <summary>VER_FLG_WEAK.</summary>
        public const ushort WeakFlag = 0x2;

        private const uint VersionNeedSection = 0x6ffffffe; // SHT_GNU_verneed
        private const uint VersionDefinitionSection = 0x6ffffffd; // SHT_GNU_verdef

        /// <summary>Every version requirement in the file, in file order.</summary>
        public static IReadOnlyList<ElfVersionNeed> Needs(byte[] elf, string path)
        {
            var needs = new List<ElfVersionNeed>();
            var sections = Sections(elf, path);
            foreach (var section in sections)
            {
                if (section.Type != VersionNeedSection)
                {
                    continue;
                }

                var strings = StringTable(sections, path, section.Link);
                var entry = section.Offset;
                for (var i = 0u; i < section.Info; i++)
                {
                    var count = U16(elf, path, entry + 2);
                    var file = CString(elf, path, strings + U32(elf, path, entry + 4));
                    var aux = entry + U32(elf, path, entry + 8);
                    for (var k = 0; k < count; k++)
                    {
                        var name = CString(elf, path, strings + U32(elf, path, aux + 8));
                        needs.Add(new ElfVersionNeed(file, name, U16(elf, path, aux + 4), aux + 4));
                        aux += U32(elf, path, aux + 12);
                    }

                    var next = U32(elf, path, entry + 12);
                    if (next == 0)
                    {
                        break;
                    }

                    entry += next;
                }
            }

            return needs;
        }

        /// <summary>Every version the file defines (its <c>.gnu.version_d</c> names), e.g. GLIBCXX_3.4.30 for
        /// libstdc++.</summary>
        public static IReadOnlyList<string> Definitions(byte[] elf, string path)
        {
            var names = new List<string>();
            var sections = Sections(elf, path);
            foreach (var section in sections)
            {
                if (section.Type != VersionDefinitionSection)
                {
                    continue;
                }

                var strings = StringTable(sections, path, section.Link);
                var entry = section.Offset;
                for (var i = 0u; i < section.Info; i++)
                {
                    var count = U16(elf, path, entry + 6);
                    var aux = entry + U32(elf, path, entry + 12);
                    for (var k = 0; k < count; k++)
                    {
                        names.Add(CString(elf, path, strings + U32(elf, path, aux)));
                        aux += U32(elf, path, aux + 4);
                    }

                    var next = U32(elf, path, entry + 16);
                    if (next == 0)
                    {
                        break;
                    }

                    entry += next;
                }
            }

            return names;
        }

        /// <summary>
        /// Sets VER_FLG_WEAK on every requirement named <paramref name="version"/> that is not weak yet and returns how
        /// many it changed; a file already patched is left untouched (0). The new content goes to a temporary file
        /// that then replaces the original, so a hard link into the NuGet cache is never written through. The file
        /// keeps its modification time (its size never changes), so MSBuild's incremental copy sees the output as up
        /// to date and does not put the unpatched file back on the next build.
        /// </summary>
        public static int MarkWeak(string path, string version)
        {
            var elf = System.IO.File.ReadAllBytes(path);
            var changed = 0;
            foreach (var need in Needs(elf, path))
            {
                if (need.Version == version && !need.IsWeak)
                {
                    var flags = (ushort)(need.Flags | WeakFlag);
                    elf[need.FlagsOffset] = (byte)(flags & 0xff);
                    elf[need.FlagsOffset + 1] = (byte)(flags >> 8);
                    changed++;
                }
            }

            if (changed > 0)
            {
                var modified = System.IO.File.GetLastWriteTimeUtc(path);
                var temporary = path + ".weak-" + Guid.NewGuid().ToString("N") + ".tmp";
                System.IO.File.WriteAllBytes(temporary, elf);
                System.IO.File.SetLastWriteTimeUtc(temporary, modified);
                System.IO.File.Replace(temporary, path, null);
            }

            return changed;
        }

        private struct Section
        {
            public uint Type;
            public long Offset;
            public uint Link;
            public uint Info;
        }

        private static List<Section> Sections(byte[] elf, string path)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new InvalidDataException(path + " is not an ELF file.");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw new InvalidDataException(path + " is not a 64-bit little-endian ELF file (class " + elf[4] + ", data " + elf[5] + ").");
            }

            var tableOffset = (long)U64(elf, path, 0x28);
            var entrySize = U16(elf, path, 0x3A);
            long count = U16(elf, path, 0x3C);
            if (tableOffset == 0)
            {
                return new List<Section>();
            }

            if (entrySize < 64)
            {
                throw new InvalidDataException(path + ": section header entries of " + entrySize + " bytes; ELF64 needs 64.");
            }

            if (count == 0)
            {
                // Extended numbering: the real count is in the first section header's sh_size.
                count = (long)U64(elf, path, tableOffset + 32);
            }

            var sections = new List<Section>();
            for (var i = 0L; i < count; i++)
            {
                var header = tableOffset + (i * entrySize);
                sections.Add(new Section
                {
                    Type = U32(elf, path, header + 4),
                    Offset = (long)U64(elf, path, header + 24),
                    Link = U32(elf, path, header + 40),
                    Info = U32(elf, path, header + 44),
                });
            }

            return sections;
        }

        private static long StringTable(List<Section> sections, string path, uint index)
        {
            if (index >= sections.Count)
            {
                throw new InvalidDataException(path + ": a version section links to string table " + index + ", but there are only " + sections.Count + " sections.");
            }

            return sections[(int)index].Offset;
        }

        private static string CString(byte[] elf, string path, long offset)
        {
            Check(elf, path, offset, 1);
            var end = Array.IndexOf(elf, (byte)0, (int)offset);
            if (end < 0)
            {
                throw new InvalidDataException(path + ": unterminated string at offset " + offset + ".");
            }

            return Encoding.ASCII.GetString(elf, (int)offset, end - (int)offset);
        }

        private static ushort U16(byte[] elf, string path, long offset)
        {
            Check(elf, path, offset, 2);
            return (ushort)(elf[offset] | (elf[offset + 1] << 8));
        }

        private static uint U32(byte[] elf, string path, long offset)
        {
            Check(elf, path, offset, 4);
            return elf[offset] | ((uint)elf[offset + 1] << 8) | ((uint)elf[offset + 2] << 16) | ((uint)elf[offset + 3] << 24);
        }

        private static ulong U64(byte[] elf, string path, long offset) =>
            U32(elf, path, offset) | ((ulong)U32(elf, path, offset + 4) << 32);

        private static void Check(byte[] elf, string path, long offset, int length)
        {
            if (offset < 0 || offset > elf.Length - length)
            {
                throw new InvalidDataException(path + ": truncated or corrupt ELF (offset " + offset + " is outside the file's " + elf.Length + " bytes).");
            }
        }
    }

#if !ELF_PATCH_ONLY
    /// <summary>
    /// MSBuild task: marks <see cref="Version"/> weak in each of <see cref="Libraries"/>, but only where the system's
    /// libstdc++ (the first of <see cref="SystemLibraries"/> that exists) does not define it, or always when
    /// <see cref="Mode"/> is "always" (an image built on one distribution and run on an older one); "never" turns it
    /// off. Where the system has the version the weak flag would change nothing, so leaving the file as shipped is the
    /// honest default.
    /// </summary>
    public sealed class WeakenVersionRequirement : Microsoft.Build.Utilities.Task
    {
        [Microsoft.Build.Framework.Required]
        public Microsoft.Build.Framework.ITaskItem[] Libraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        [Microsoft.Build.Framework.Required]
        public string Version { get; set; } = "";

        public Microsoft.Build.Framework.ITaskItem[] SystemLibraries { get; set; } = Array.Empty<Microsoft.Build.Framework.ITaskItem>();

        public string Mode { get; set; } = "auto";

        public override bool Execute()
        {
            var mode = Mode.Trim().ToLowerInvariant();
            if (mode != "auto" && mode != "always" && mode != "never")
            {
                Log.LogError("LibTorchSharpWeakVersion must be auto, always or never, got '" + Mode + "'.");
                return false;
            }

            if (mode == "never")
            {
                return true;
            }

            try
            {
                if (mode == "auto")
                {
                    string? system = null;
                    foreach (var candidate in SystemLibraries)
                    {
                        if (System.IO.File.Exists(candidate.ItemSpec))
                        {
                            system = candidate.ItemSpec;
                            break;
                        }
                    }

                    if (system != null && ElfVersions.Definitions(System.IO.File.ReadAllBytes(system), system).Contains(Version))
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, system + " defines " + Version + "; natives left as shipped.");
                        return true;
                    }

                    Log.LogMessage(
                        Microsoft.Build.Framework.MessageImportance.Low,
                        system == null ? "No system libstdc++ found; marking " + Version + " weak." : system + " lacks " + Version + "; marking it weak.");
                }

                foreach (var library in Libraries)
                {
                    var changed = ElfVersions.MarkWeak(library.ItemSpec, Version);
                    if (changed > 0)
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, library.ItemSpec + ": " + Version + " requirement marked weak.");
                    }
                }

                return true;
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogError("Could not mark " + Version + " weak: " + e.Message);
                return false;
            }
        }
    }
#endif
}
