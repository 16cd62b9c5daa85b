using System.Text.Json;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Models.Tests.Depth;

/// <summary>
/// The deterministic stand-in weights of <c>tools/depth-reference/synthetic_weights.py</c>, made here from the manifest
/// that the reference run wrote: every value is <c>offset + scale · (hash32(index, salt) / 2³² − 0.5)</c>, computed in
/// float64 and rounded to float32, so this file holds bit for bit the weights the reference network ran with.
/// </summary>
internal static class SyntheticDepthWeights
{
    public static string SaveSafetensors(string manifestPath, string directory)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        var dict = new Dictionary<string, Tensor>();
        foreach (var entry in manifest.RootElement.GetProperty("tensors").EnumerateArray())
        {
            var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var salt = entry.GetProperty("salt").GetInt64();
            var offset = entry.GetProperty("offset").GetDouble();
            var scale = entry.GetProperty("scale").GetDouble();
            var values = Values(shape.Aggregate(1L, (a, b) => a * b), salt, offset, scale);
            dict[entry.GetProperty("name").GetString()!] = tensor(values).reshape(shape);
        }

        var path = Path.Combine(directory, "synthetic.safetensors");
        Safetensors.SaveStateDict(path, dict);
        foreach (var t in dict.Values)
        {
            t.Dispose();
        }

        return path;
    }

    /// <summary>One tensor's values, flattened.</summary>
    public static float[] Values(long count, long salt, double offset, double scale)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)(offset + (scale * ((Hash32(i, salt) / 4294967296.0) - 0.5)));
        }

        return values;
    }

    /// <summary>The script's hash: a 32-bit integer mix of the element index and the tensor's salt.</summary>
    public static uint Hash32(long index, long salt)
    {
        var x = unchecked((uint)((ulong)index + ((ulong)salt * 0x9E3779B9UL)));
        x ^= x >> 16;
        x = unchecked(x * 0x45D9F3Bu);
        x ^= x >> 16;
        x = unchecked(x * 0x45D9F3Bu);
        x ^= x >> 16;
        return x;
    }
}
