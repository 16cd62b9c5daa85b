using System.Runtime.InteropServices;
using SpatialMe.Build;
using SpatialMe.Testing;

namespace SpatialMe.Models.Tests;

/// <summary>The ELF logic of the build's GLIBCXX fix (build/WeakVersionPatch.cs), on a synthetic ELF file.</summary>
public sealed partial class WeakVersionPatchTests
{
    [Fact]
    public void Reads_every_version_need_and_definition()
    {
        var elf = SyntheticElf.Build();
        Assert.Equal(SyntheticElf.Needs, ElfVersions.Needs(elf, "x").Select(n => (n.File, n.Version)));
        Assert.All(ElfVersions.Needs(elf, "x"), n => Assert.False(n.IsWeak));
        Assert.Equal(SyntheticElf.Definitions, ElfVersions.Definitions(elf, "x"));
    }

    [Fact]
    public void Marking_weak_sets_only_that_entrys_flag_keeps_the_timestamp_and_a_second_run_changes_nothing()
    {
        using var temp = new TempDirectory();
        var path = temp.File("lib.so");
        var original = SyntheticElf.Build();
        File.WriteAllBytes(path, original);
        var shipped = new DateTime(2026, 5, 7, 12, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, shipped);

        Assert.Equal(1, ElfVersions.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Equal(shipped, File.GetLastWriteTimeUtc(path)); // so MSBuild's incremental copy leaves it alone
        var patched = File.ReadAllBytes(path);
        var needs = ElfVersions.Needs(patched, path);
        Assert.Equal(["GLIBCXX_3.4.32"], needs.Where(n => n.IsWeak).Select(n => n.Version));
        var target = needs.Single(n => n.IsWeak);
        var changedBytes = Enumerable.Range(0, original.Length).Where(i => original[i] != patched[i]).ToList();
        Assert.Equal([target.FlagsOffset], changedBytes.Select(i => (long)i));
        Assert.Equal(ElfVersions.WeakFlag, patched[target.FlagsOffset]);

        Assert.Equal(0, ElfVersions.MarkWeak(path, "GLIBCXX_3.4.32"));
        Assert.Equal(patched, File.ReadAllBytes(path));
        Assert.Equal(["lib.so"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_version_the_file_does_not_need_changes_nothing()
    {
        using var temp = new TempDirectory();
        var path = temp.File("lib.so");
        File.WriteAllBytes(path, SyntheticElf.Build());
        Assert.Equal(0, ElfVersions.MarkWeak(path, "GLIBCXX_9.9.9"));
        Assert.Equal(SyntheticElf.Build(), File.ReadAllBytes(path));
    }

    [Fact]
    public void Patching_replaces_the_file_instead_of_writing_through_a_hard_link()
    {
        using var temp = new TempDirectory();
        var cached = temp.File("cache.so");
        File.WriteAllBytes(cached, SyntheticElf.Build());
        var output = temp.File("output.so");
        Assert.Equal(0, Link(cached, output));

        ElfVersions.MarkWeak(output, "GLIBCXX_3.4.32");

        Assert.Equal(SyntheticElf.Build(), File.ReadAllBytes(cached));
        Assert.Contains(ElfVersions.Needs(File.ReadAllBytes(output), output), n => n.IsWeak);
    }

    [Fact]
    public void A_file_that_is_not_ELF64_or_is_truncated_is_refused_naming_it()
    {
        var notElf = Assert.Throws<InvalidDataException>(() => ElfVersions.Needs("hello, world, this is text and no ELF file at all........................"u8.ToArray(), "/x/readme.txt"));
        Assert.Contains("/x/readme.txt is not an ELF file", notElf.Message);

        var truncated = SyntheticElf.Build()[..200];
        var error = Assert.Throws<InvalidDataException>(() => ElfVersions.Needs(truncated, "/x/lib.so"));
        Assert.Contains("/x/lib.so", error.Message);
        Assert.Contains("truncated or corrupt", error.Message);

        var elf32 = SyntheticElf.Build();
        elf32[4] = 1;
        Assert.Contains("not a 64-bit little-endian", Assert.Throws<InvalidDataException>(() => ElfVersions.Needs(elf32, "/x/lib32.so")).Message);
    }

    /// <summary>POSIX link(2): a second name for the same file, as a build that hard-links copies from the NuGet cache
    /// makes.</summary>
    [LibraryImport("libc", EntryPoint = "link", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string existing, string newName);
}
