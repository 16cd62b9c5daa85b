using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests.Depth;

/// <summary>
/// Files written by real PyTorch (2.11, <c>torch.save</c> of a state dict, as the official checkpoints are made), not
/// by TorchSharp.PyBridge's own pickler that the other loader tests use: the zip format is read value for value — a
/// transposed view by its strides, float16 kept — and the legacy format is refused with how to convert it.
/// Made by <c>tools/depth-reference/make_pth_fixture.py</c> (Depth/Reference/README.md).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class TorchSaveFileTests
{
    private static readonly string ReferenceDirectory = Path.Combine(AppContext.BaseDirectory, "Depth", "Reference");

    [Fact]
    public void A_zip_format_file_from_torch_save_is_read_value_for_value()
    {
        var (kind, tensors) = StateDictFile.Read(Path.Combine(ReferenceDirectory, "torch-save-zip.pth"), m => new InvalidDataException(m));
        try
        {
            Assert.Equal("pth", kind);
            var entries = SyntheticDepthWeights.Read(Path.Combine(ReferenceDirectory, "torch-save-manifest.json"));
            Assert.Equal(entries.Select(e => e.Name).Order(), tensors.Keys.Order());
            foreach (var (name, shape, values) in entries)
            {
                using var expected = tensor(values).reshape(shape);
                using var stored = name switch
                {
                    "transposed.weight" => expected.t(),
                    "half.weight" => expected.to_type(ScalarType.Float16),
                    _ => expected.alias(),
                };
                var actual = tensors[name];
                Assert.Equal(stored.dtype, actual.dtype);
                Assert.Equal(stored.shape, actual.shape);
                Assert.True(actual.eq(stored).all().item<bool>(), $"{name}: values differ from the hash values");
            }
        }
        finally
        {
            StateDictFile.Dispose(tensors);
        }
    }

    [Fact]
    public void A_legacy_format_file_from_torch_save_is_refused_with_how_to_convert_it()
    {
        var path = Path.Combine(ReferenceDirectory, "torch-save-legacy.pth");

        var error = Assert.Throws<InvalidDataException>(() => StateDictFile.Read(path, m => new InvalidDataException(m)));

        Assert.Contains("legacy (pre-1.6) format", error.Message, StringComparison.Ordinal);
        Assert.Contains("torch.save(torch.load('IN.pth'), 'OUT.pth')", error.Message, StringComparison.Ordinal);
    }
}
