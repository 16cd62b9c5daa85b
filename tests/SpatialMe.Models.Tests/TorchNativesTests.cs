using SpatialMe.Build;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests;

/// <summary>libtorch loads from this test project's own output, which proves the build's GLIBCXX_3.4.32 target ran
/// here (build/LibTorchSharpNatives.targets): without it, every torch call fails on Debian 12.</summary>
[Collection(TorchCollection.Name)]
public sealed class TorchNativesTests
{
    private const string Version = "GLIBCXX_3.4.32";

    [Fact]
    public void Torch_runs_a_convolution_from_the_test_output()
    {
        using var conv = nn.Conv2d(3, 2, kernel_size: 3, padding: 1);
        using var input = ones(1, 3, 8, 8);
        using var output = conv.call(input);
        Assert.Equal([1L, 2, 8, 8], output.shape);
        Assert.True(output.isfinite().all().item<bool>());
        Assert.StartsWith("2.10", __version__);
    }

    [Fact]
    public void LibTorchSharp_in_the_output_is_patched_exactly_when_the_loaded_libstdcxx_lacks_the_version()
    {
        using var warmUp = zeros(1); // loads libtorch, and with it the libstdc++ the loader picked
        var libstdcxx = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && Path.GetFileName(fields[5]).StartsWith("libstdc++.so", StringComparison.Ordinal))
            .Select(fields => fields[5])
            .First();
        var systemHasVersion = ElfVersions.Definitions(File.ReadAllBytes(libstdcxx), libstdcxx).Contains(Version);

        var copies = new[] { "libLibTorchSharp.so", Path.Combine("runtimes", "linux-x64", "native", "libLibTorchSharp.so") }
            .Select(p => Path.Combine(AppContext.BaseDirectory, p))
            .Where(File.Exists)
            .ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var need = Assert.Single(ElfVersions.Needs(File.ReadAllBytes(copy), copy), n => n.Version == Version);
            Assert.Equal("libstdc++.so.6", need.File);
            Assert.True(need.IsWeak == !systemHasVersion, $"{copy}: {Version} weak = {need.IsWeak}, but {libstdcxx} {(systemHasVersion ? "defines" : "lacks")} it.");
        }
    }
}
