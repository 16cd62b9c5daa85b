using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// Writes random VGG19 weights as safetensors in torchvision's key layout (features.N.weight/bias up to conv4_1, plus
/// a small classifier.0 tensor that must be ignored), by hand: the CLI tests do not load libtorch themselves.
/// </summary>
internal static class Vgg19File
{
    private static readonly (int Index, int In, int Out)[] Convs =
        [(0, 3, 64), (2, 64, 64), (5, 64, 128), (7, 128, 128), (10, 128, 256), (12, 256, 256), (14, 256, 256), (16, 256, 256), (19, 256, 512)];

    /// <param name="without">A key to leave out, to make a file the loader must refuse.</param>
    public static string Write(string path, string? without = null)
    {
        var tensors = new List<(string Name, long[] Shape)>();
        foreach (var (index, input, output) in Convs)
        {
            tensors.Add(($"features.{index}.weight", [output, input, 3, 3]));
            tensors.Add(($"features.{index}.bias", [output]));
        }

        tensors.Add(("classifier.0.weight", [8, 16]));
        tensors.RemoveAll(t => t.Name == without);

        var random = new Random(5);
        var header = new Dictionary<string, object>();
        using var data = new MemoryStream();
        var value = new byte[4];
        foreach (var (name, shape) in tensors)
        {
            var count = shape.Aggregate(1L, (a, b) => a * b);
            // He-scaled weights keep the activations alive through the nine convolutions.
            var scale = shape.Length == 4 ? Math.Sqrt(2.0 / (shape[1] * 9)) : 0.01;
            var start = data.Length;
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(value, (float)(((random.NextDouble() * 2) - 1) * Math.Sqrt(3) * scale));
                data.Write(value);
            }

            header[name] = new Dictionary<string, object> { ["dtype"] = "F32", ["shape"] = shape, ["data_offsets"] = new[] { start, data.Length } };
        }

        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var file = File.Create(path);
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        file.Write(length);
        file.Write(json);
        data.Position = 0;
        data.CopyTo(file);
        return path;
    }
}
