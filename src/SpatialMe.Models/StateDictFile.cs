using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Models;

/// <summary>
/// Weights files written by PyTorch, shared by the loaders of third-party checkpoints (Depth Anything V2, VGG19):
/// reading a state dict from a PyTorch <c>.pth</c> (zip pickle, <see cref="TorchZipFile"/>) or a safetensors file
/// (TorchSharp.PyBridge) — told apart by their first bytes — and listing how it differs from the tensors a network expects. Each
/// loader turns the problems into its own exception, naming the file.
/// </summary>
public static class StateDictFile
{
    /// <summary>The file's tensors by name and its kind ("pth" or "safetensors").</summary>
    /// <param name="error">Makes the loader's exception from a message that already names the file.</param>
    public static (string Kind, Dictionary<string, Tensor> Tensors) Read(string path, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (!File.Exists(path))
        {
            throw error($"{path}: no such file");
        }

        var head = new byte[4];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
            {
                throw error($"{path}: too short to be a weights file");
            }
        }

        // A legacy torch.save file starts with its pickled magic number: pickle protocol 2 (0x80 0x02), then a 10-byte
        // long (0x8a 0x0a). A safetensors file starts with its header length, which would have to be over 170 MB to match.
        if (head is [0x80, 0x02, 0x8a, 0x0a])
        {
            throw error(
                $"{path}: a PyTorch file in the legacy (pre-1.6) format, as torchvision's vgg19-dcbb9e9d.pth is, which is not read " +
                "here; re-save it once with PyTorch: python -c \"import torch; torch.save(torch.load('IN.pth'), 'OUT.pth')\" " +
                "(or as safetensors with safetensors.torch.save_file)");
        }

        Dictionary<string, Tensor> tensors;
        var kind = head[0] == (byte)'P' && head[1] == (byte)'K' ? "pth" : "safetensors";
        object? notTensor = null;
        try
        {
            if (kind == "pth")
            {
                tensors = [];
                foreach (var (key, value) in TorchZipFile.Read(path))
                {
                    if (key is string name && value is Tensor t)
                    {
                        tensors[name] = t;
                    }
                    else
                    {
                        (value as IDisposable)?.Dispose();
                        notTensor ??= key;
                    }
                }
            }
            else
            {
                tensors = Safetensors.LoadStateDict(path);
            }
        }
        catch (Exception ex)
        {
            throw error(kind == "pth"
                ? $"{path}: not a readable PyTorch .pth state dict: {ex.Message}"
                : $"{path}: neither a PyTorch .pth state dict nor a safetensors file ({ex.Message})");
        }

        if (notTensor is not null)
        {
            Dispose(tensors);
            throw error($"{path}: entry '{notTensor}' is not a tensor; expected a plain state dict");
        }

        return (kind, tensors);
    }

    /// <summary>
    /// How the file's tensors differ from those expected: <c>missing NAME: expected [shape]</c>,
    /// <c>misshapen NAME: expected [shape], found [shape]</c>, <c>NAME: expected floating point, found dtype</c>, and,
    /// when <paramref name="extrasAreProblems"/>, <c>extra NAME: [shape]</c> (in name order).
    /// </summary>
    public static List<string> Problems(IReadOnlyDictionary<string, long[]> expected, IReadOnlyDictionary<string, Tensor> tensors, bool extrasAreProblems)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(tensors);
        var problems = new List<string>();
        foreach (var (name, shape) in expected)
        {
            if (!tensors.TryGetValue(name, out var found))
            {
                problems.Add($"missing {name}: expected [{string.Join(", ", shape)}]");
            }
            else if (!found.shape.SequenceEqual(shape))
            {
                problems.Add($"misshapen {name}: expected [{string.Join(", ", shape)}], found [{string.Join(", ", found.shape)}]");
            }
            else if (!found.is_floating_point())
            {
                problems.Add($"{name}: expected floating point, found {found.dtype}");
            }
        }

        if (extrasAreProblems)
        {
            foreach (var name in tensors.Keys.Where(k => !expected.ContainsKey(k)).Order(StringComparer.Ordinal))
            {
                problems.Add($"extra {name}: [{string.Join(", ", tensors[name].shape)}]");
            }
        }

        return problems;
    }

    public static void Dispose(IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        foreach (var (_, t) in tensors)
        {
            t.Dispose();
        }
    }
}
