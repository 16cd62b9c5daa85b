using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Training;

/// <summary>
/// Reads torchvision's VGG19 ImageNet weights (a PyTorch zip-pickle state dict, or the same tensors as safetensors;
/// told apart by their first bytes, read by <see cref="StateDictFile"/> as the Depth Anything loader does) into a frozen
/// <see cref="Vgg19Features"/>. torchvision's own file, <c>vgg19-dcbb9e9d.pth</c> (2017), is in PyTorch's legacy
/// pre-1.6 format, which is not read here: it is recognised and refused with the one-line re-save that fixes it. Tensors are matched by torchvision's key names. The file
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
        var (_, tensors) = StateDictFile.Read(path, message => new InvalidDataException(message));
        var network = new Vgg19Features();
        try
        {
            var expected = network.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            var problems = StateDictFile.Problems(expected.ToDictionary(p => p.Key, p => p.Value.shape), tensors, extrasAreProblems: false);
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
            StateDictFile.Dispose(tensors);
        }
    }
}
