using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Reads torchvision's VGG19 ImageNet weights (a PyTorch zip-pickle state dict, or the same tensors as safetensors;
/// told apart by their first bytes, read through TorchSharp.PyBridge as the Depth Anything loader does) into a frozen
/// <see cref="Vgg19Features"/>. torchvision's own file, <c>vgg19-dcbb9e9d.pth</c> (2017), is in PyTorch's legacy
/// pre-1.6 format, which PyBridge cannot read: it is recognised and refused with the one-line re-save that fixes it. Tensors are matched by torchvision's key names. The file
/// normally also holds the layers past conv4_1 and the <c>classifier.*</c> tensors; the loss never runs them, so they
/// are ignored and only counted (<see cref="Loaded.UnusedTensors"/>). A needed tensor that is missing, misshapen or
/// not floating point is refused with every problem listed, naming the file.
/// </summary>
public static class Vgg19Weights
{
    /// <summary>The frozen network and how many of the file's tensors it did not need.</summary>
    public sealed record Loaded(Vgg19Features Network, int UnusedTensors);

    /// <summary>
    /// The network with the file's weights, in eval mode with <c>requires_grad</c> off on every parameter: the
    /// perceptual loss measures with it and must never train it. Throws <see cref="InvalidDataException"/>
    /// naming the file and every problem.
    /// </summary>
    public static Loaded Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: no such file");
        }

        var tensors = ReadTensors(path);
        var network = new Vgg19Features();
        try
        {
            var expected = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var problems = Compare(expected, tensors);
            if (problems.Count > 0)
            {
                throw new InvalidDataException(
                    $"{path}: not usable torchvision VGG19 weights ({problems.Count} problems):\n  " + string.Join("\n  ", problems));
            }

            using (no_grad())
            {
                foreach (var (name, parameter) in expected)
                {
                    parameter.copy_(tensors[name]);
                }
            }

            network.eval();
            foreach (var parameter in network.parameters())
            {
                parameter.requires_grad_(false);
            }

            return new Loaded(network, tensors.Keys.Count(k => !expected.ContainsKey(k)));
        }
        catch
        {
            network.Dispose();
            throw;
        }
        finally
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }
        }
    }

    private static Dictionary<string, Tensor> ReadTensors(string path)
    {
        var head = new byte[4];
        using (var stream = File.OpenRead(path))
        {
            if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4)
            {
                throw new InvalidDataException($"{path}: too short to be a weights file");
            }
        }

        // A legacy torch.save file starts with its pickled magic number: pickle protocol 2 (0x80 0x02), then a 10-byte
        // long (0x8a 0x0a). A safetensors file starts with its header length, which would have to be over 170 MB to match.
        if (head is [0x80, 0x02, 0x8a, 0x0a])
        {
            throw new InvalidDataException(
                $"{path}: a PyTorch file in the legacy (pre-1.6) format, as torchvision's vgg19-dcbb9e9d.pth is, which TorchSharp.PyBridge " +
                "cannot read; re-save it once with PyTorch: python -c \"import torch; torch.save(torch.load('IN.pth'), 'OUT.pth')\" " +
                "(or as safetensors with safetensors.torch.save_file)");
        }

        var tensors = new Dictionary<string, Tensor>();
        object? notTensor = null;
        try
        {
            if (head[0] == (byte)'P' && head[1] == (byte)'K')
            {
                foreach (DictionaryEntry entry in PyTorchUnpickler.UnpickleStateDict(path))
                {
                    if (entry.Value is Tensor t)
                    {
                        tensors[(string)entry.Key] = t;
                    }
                    else
                    {
                        notTensor ??= entry.Key;
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
            throw new InvalidDataException($"{path}: neither a PyTorch .pth state dict nor a safetensors file ({ex.Message})", ex);
        }

        if (notTensor is not null)
        {
            foreach (var t in tensors.Values)
            {
                t.Dispose();
            }

            throw new InvalidDataException($"{path}: entry '{notTensor}' is not a tensor; expected a plain state dict");
        }

        return tensors;
    }

    private static List<string> Compare(Dictionary<string, TorchSharp.Modules.Parameter> expected, Dictionary<string, Tensor> tensors)
    {
        var problems = new List<string>();
        foreach (var (name, parameter) in expected)
        {
            var shape = parameter.shape;
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

        return problems;
    }
}
