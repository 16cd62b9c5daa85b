using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// The disocclusions of an occlusion mask on tensors: its holes less the border band the left view never saw, which
/// <c>ForwardWarp</c> marks as out of view — in each row, the hole runs that touch the left or the right edge. The
/// refiner works on the disocclusions only (<see cref="RefinementRegion"/>): in the band there is nothing beside the
/// hole to fuse from, and the rule-based fusion's extension of the last seen column stays.
/// </summary>
public static class Disocclusion
{
    /// <param name="occlusion">N × 1 × H × W, 1 in holes and 0 elsewhere, of whole frames (a crop's edges are not the
    /// frame's).</param>
    /// <returns>N × 1 × H × W, 1 in the disocclusions and 0 elsewhere.</returns>
    public static Tensor Of(Tensor occlusion)
    {
        ArgumentNullException.ThrowIfNull(occlusion);
        var shape = occlusion.shape;
        var w = (int)shape[3];
        var rows = (int)(shape[0] * shape[1] * shape[2]);
        var holes = occlusion.cpu().contiguous().data<float>().ToArray();
        var result = new float[holes.Length];
        Parallel.For(0, rows, r =>
        {
            var row = holes.AsSpan(r * w, w);
            var first = 0;
            while (first < w && row[first] > 0.5f)
            {
                first++;
            }

            var last = w - 1;
            while (last >= first && row[last] > 0.5f)
            {
                last--;
            }

            for (var x = first; x <= last; x++)
            {
                result[(r * w) + x] = row[x] > 0.5f ? 1f : 0f;
            }
        });
        return tensor(result, shape).to(occlusion.device);
    }
}
