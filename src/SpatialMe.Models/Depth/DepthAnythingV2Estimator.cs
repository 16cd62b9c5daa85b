using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace SpatialMe.Models.Depth;

/// <summary>
/// Depth Anything V2 as an <see cref="IDepthEstimator"/>: the reference's infer_image — preprocess, network, bilinear
/// (align_corners=True) resize back to the frame's own size — returning relative inverse depth (near is larger).
/// Float32 on CPU (deterministic: no dropout, fixed thread count), float16 on CUDA. Frames of one size can run as one
/// batch through <see cref="EstimateBatch"/>.
/// </summary>
public sealed class DepthAnythingV2Estimator : IDepthEstimator, IDisposable
{
    /// <summary>What every estimator's <see cref="Name"/> starts with (the network size follows).</summary>
    public const string NamePrefix = "depth-anything-v2-";

    /// <summary>The <see cref="Description"/>, for those that report a job's depth by name only (the farm).</summary>
    public const string ModelDescription = "Depth Anything V2 (DINOv2 ViT + DPT head), relative inverse depth";

    private readonly DepthAnythingV2Network network;
    private readonly Device device;
    private readonly ScalarType dtype;
    private readonly int inputSize;

    /// <param name="checkpoint">Validated weights; the estimator copies them, so the checkpoint may be disposed after.</param>
    /// <param name="inputSize">Short side of the network input (the reference's input_size, 518 by default).</param>
    /// <param name="threads">CPU threads for libtorch (process-wide); null leaves libtorch's default.</param>
    /// <param name="device">null: CPU.</param>
    public DepthAnythingV2Estimator(DepthAnythingCheckpoint checkpoint, int inputSize = DepthAnythingPreprocessor.DefaultInputSize, int? threads = null, Device? device = null)
    {
        if (inputSize < DepthAnythingConfig.PatchSize)
        {
            throw new ArgumentOutOfRangeException(nameof(inputSize), $"input size must be at least {DepthAnythingConfig.PatchSize}");
        }

        if (threads is { } n)
        {
            torch.set_num_threads(n);
        }

        this.device = device ?? CPU;
        dtype = this.device.type == DeviceType.CUDA ? ScalarType.Float16 : ScalarType.Float32;
        this.inputSize = inputSize;
        network = checkpoint.CreateNetwork(this.device, dtype);
        Name = NamePrefix + checkpoint.Config.Name;
    }

    public string Name { get; }

    public string Description => ModelDescription;

    public FloatPlane Estimate(RgbImage frame, RgbImage? previous) => EstimateBatch([frame])[0];

    /// <summary>Depth for several frames; frames of the same size go through the network as one batch.</summary>
    public IReadOnlyList<FloatPlane> EstimateBatch(IReadOnlyList<RgbImage> frames)
    {
        var results = new FloatPlane[frames.Count];
        foreach (var group in Enumerable.Range(0, frames.Count).GroupBy(i => (frames[i].Width, frames[i].Height)))
        {
            var indices = group.ToArray();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var input = cat(indices.Select(i => DepthAnythingPreprocessor.ToTensor(frames[i], inputSize)).ToArray(), 0)
                .to(dtype).to(device);
            var depth = network.call(input).unsqueeze(1);
            var (w, h) = group.Key;
            var full = nn.functional.interpolate(depth, size: [h, w], mode: InterpolationMode.Bilinear, align_corners: true)
                .to(ScalarType.Float32).cpu().contiguous();
            for (var k = 0; k < indices.Length; k++)
            {
                results[indices[k]] = new FloatPlane(w, h, full[k, 0].data<float>().ToArray());
            }
        }

        return results;
    }

    public void Dispose() => network.Dispose();
}
