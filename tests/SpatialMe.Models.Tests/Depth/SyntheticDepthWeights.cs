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
    /// <summary>Each tensor the manifest describes, in its order, with its values (flattened).</summary>
    public static List<(string Name, long[] Shape, float[] Values)> Read(string manifestPath)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllText(manifestPath));
        return manifest.RootElement.GetProperty("tensors").EnumerateArray().Select(entry =>
        {
            var shape = entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var values = Values(
                shape.Aggregate(1L, (a, b) => a * b), entry.GetProperty("salt").GetInt64(), entry.GetProperty("offset").GetDouble(), entry.GetProperty("scale").GetDouble());
            return (entry.GetProperty("name").GetString()!, shape, values);
        }).ToList();
    }

    public static string SaveSafetensors(string manifestPath, string directory)
    {
        var dict = Read(manifestPath).ToDictionary(e => e.Name, e => tensor(e.Values).reshape(e.Shape));

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
