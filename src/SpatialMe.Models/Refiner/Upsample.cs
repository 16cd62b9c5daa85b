using static TorchSharp.torch;

namespace SpatialMe.Models.Refiner;

/// <summary>×2 bilinear upsampling with half-pixel centres (align_corners = false) to the size of the finer level, the
/// "upsampled next level" of the FUUs and the decoder. Frames are padded to multiples of the downsampling factor, so
/// the size is always exactly twice the coarse one and every tile sees the same sampling grid as the full frame.</summary>
internal static class Upsample
{
    public static Tensor ToSizeOf(Tensor coarse, Tensor fine) =>
        nn.functional.interpolate(coarse, size: [fine.shape[2], fine.shape[3]], mode: InterpolationMode.Bilinear, align_corners: false);
}
