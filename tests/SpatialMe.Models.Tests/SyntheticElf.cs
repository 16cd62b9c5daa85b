using System.Buffers.Binary;
using System.Text;

namespace SpatialMe.Models.Tests;

/// <summary>
/// A minimal 64-bit little-endian ELF file with a string table, a version-needs section (libstdc++.so.6 needing
/// GLIBCXX_3.4.30 and GLIBCXX_3.4.32, libc.so.6 needing GLIBC_2.34) and a version-definitions section (MYLIB_1.0,
/// MYLIB_2.0), laid out by the ELF specification, so the patch can be tested on bytes whose every field is known.
/// </summary>
internal static class SyntheticElf
{
    public static readonly (string File, string Version)[] Needs =
        [("libstdc++.so.6", "GLIBCXX_3.4.30"), ("libstdc++.so.6", "GLIBCXX_3.4.32"), ("libc.so.6", "GLIBC_2.34")];

    public static readonly string[] Definitions = ["MYLIB_1.0", "MYLIB_2.0"];

    public static byte[] Build()
    {
        var strings = new MemoryStream();
        strings.WriteByte(0);
        var offsets = new Dictionary<string, uint>();
        foreach (var s in Needs.SelectMany(n => new[] { n.File, n.Version }).Concat(Definitions).Distinct())
        {
            offsets[s] = (uint)strings.Length;
            strings.Write(Encoding.ASCII.GetBytes(s + "\0"));
        }

        // .gnu.version_r: Verneed (16 bytes) then its Vernaux entries (16 bytes each), per file.
        var needs = new MemoryStream();
        var files = Needs.GroupBy(n => n.File).ToList();
        for (var f = 0; f < files.Count; f++)
        {
            var versions = files[f].ToList();
            var size = 16 + (16 * versions.Count);
            Write16(needs, 1);
            Write16(needs, (ushort)versions.Count);
            Write32(needs, offsets[files[f].Key]);
            Write32(needs, 16);
            Write32(needs, f == files.Count - 1 ? 0u : (uint)size);
            for (var v = 0; v < versions.Count; v++)
            {
                Write32(needs, 0x1234);
                Write16(needs, 0);
                Write16(needs, (ushort)(2 + v));
                Write32(needs, offsets[versions[v].Version]);
                Write32(needs, v == versions.Count - 1 ? 0u : 16u);
            }
        }

        // .gnu.version_d: Verdef (20 bytes) then one Verdaux (8 bytes), per definition.
        var definitions = new MemoryStream();
        for (var d = 0; d < Definitions.Length; d++)
        {
            Write16(definitions, 1);
            Write16(definitions, 0);
            Write16(definitions, (ushort)(d + 1));
            Write16(definitions, 1);
            Write32(definitions, 0x5678);
            Write32(definitions, 20);
            Write32(definitions, d == Definitions.Length - 1 ? 0u : 28u);
            Write32(definitions, offsets[Definitions[d]]);
            Write32(definitions, 0);
        }

        var file = new MemoryStream();
        file.Write(new byte[64]);
        var stringsOffset = file.Length;
        file.Write(strings.ToArray());
        var needsOffset = Align(file);
        file.Write(needs.ToArray());
        var definitionsOffset = Align(file);
        file.Write(definitions.ToArray());
        var sectionsOffset = Align(file);
        file.Write(new byte[64]); // section 0: SHT_NULL
        Section(file, type: 3, stringsOffset, strings.Length, link: 0, info: 0);
        Section(file, type: 0x6ffffffe, needsOffset, needs.Length, link: 1, info: (uint)files.Count);
        Section(file, type: 0x6ffffffd, definitionsOffset, definitions.Length, link: 1, info: (uint)Definitions.Length);

        var bytes = file.ToArray();
        bytes[0] = 0x7f;
        bytes[1] = (byte)'E';
        bytes[2] = (byte)'L';
        bytes[3] = (byte)'F';
        bytes[4] = 2; // ELFCLASS64
        bytes[5] = 1; // ELFDATA2LSB
        bytes[6] = 1; // EV_CURRENT
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x10), 3); // ET_DYN
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x12), 62); // EM_X86_64
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(0x28), (ulong)sectionsOffset);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x34), 64); // e_ehsize
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3A), 64); // e_shentsize
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(0x3C), 4); // e_shnum
        return bytes;
    }

    private static long Align(MemoryStream stream)
    {
        while (stream.Length % 8 != 0)
        {
            stream.WriteByte(0);
        }

        return stream.Length;
    }

    private static void Section(MemoryStream stream, uint type, long offset, long size, uint link, uint info)
    {
        Write32(stream, 0);
        Write32(stream, type);
        Write64(stream, 0);
        Write64(stream, 0);
        Write64(stream, (ulong)offset);
        Write64(stream, (ulong)size);
        Write32(stream, link);
        Write32(stream, info);
        Write64(stream, 8);
        Write64(stream, 0);
    }

    private static void Write16(MemoryStream s, ushort v) => s.Write(BitConverter.GetBytes(v));

    private static void Write32(MemoryStream s, uint v) => s.Write(BitConverter.GetBytes(v));

    private static void Write64(MemoryStream s, ulong v) => s.Write(BitConverter.GetBytes(v));
}
