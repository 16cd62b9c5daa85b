using OpenCvSharp;
using SpatialMe.Stereo.Imaging;

namespace SpatialMe.Models.Refiner;

/// <summary>
/// Where tiled inference runs. Most pixels of a right view are plain warped pixels that need no refinement; the
/// branches disagree only in and around the occlusions. So: dilate the occlusion mask by the rim radius r (a square of
/// side 2r + 1, which also joins holes less than 2r + 1 px apart into one region) — that is the refinement region —,
/// take the bounding box of each of its connected regions (8-connectivity) as a core, and give each core a context of
/// <see cref="MhfuArchitecture.TileMargin"/> px on every side, aligned to the downsampling factor. Two tiles are merged
/// while the merged context is no larger than the two contexts together, which removes overlapping work without
/// computing much empty frame.
/// </summary>
public static class OcclusionTiles
{
    /// <param name="occlusion">The occlusion (hole) mask, W × H.</param>
    /// <param name="rimRadius">Dilation radius r in pixels: how far around a hole the refiner's masks are used.</param>
    /// <param name="architecture">Gives the margin and the alignment.</param>
    /// <param name="paddedWidth">W rounded up to the downsampling factor; contexts stay inside it.</param>
    /// <param name="paddedHeight">H likewise.</param>
    public static TilePlan Plan(Mask occlusion, int rimRadius, MhfuArchitecture architecture, int paddedWidth, int paddedHeight)
    {
        ArgumentNullException.ThrowIfNull(occlusion);
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentOutOfRangeException.ThrowIfNegative(rimRadius);
        var region = new Mask(occlusion.Width, occlusion.Height);
        var tiles = new List<RefinerTile>();
        if (occlusion.Count() == 0)
        {
            return new TilePlan(region, tiles);
        }

        using var mask = Mat.FromPixelData(occlusion.Height, occlusion.Width, MatType.CV_8UC1, occlusion.Data);
        using var dilated = Mat.FromPixelData(occlusion.Height, occlusion.Width, MatType.CV_8UC1, region.Data);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Rect, new Size((2 * rimRadius) + 1, (2 * rimRadius) + 1));
        Cv2.Dilate(mask, dilated, kernel, borderType: BorderTypes.Constant, borderValue: Scalar.All(0));
        using var labels = new Mat();
        using var stats = new Mat();
        using var centroids = new Mat();
        var count = Cv2.ConnectedComponentsWithStats(dilated, labels, stats, centroids, PixelConnectivity.Connectivity8);
        for (var label = 1; label < count; label++)
        {
            var core = new PixelRect(
                stats.At<int>(label, (int)ConnectedComponentsTypes.Left),
                stats.At<int>(label, (int)ConnectedComponentsTypes.Top),
                stats.At<int>(label, (int)ConnectedComponentsTypes.Width),
                stats.At<int>(label, (int)ConnectedComponentsTypes.Height));
            tiles.Add(Tile(core, architecture, paddedWidth, paddedHeight));
        }

        MergeWhileCheaper(tiles, architecture, paddedWidth, paddedHeight);
        return new TilePlan(region, tiles);
    }

    private static RefinerTile Tile(PixelRect core, MhfuArchitecture architecture, int paddedWidth, int paddedHeight) =>
        new(core, core.Expand(architecture.TileMargin, architecture.DownsamplingFactor, paddedWidth, paddedHeight));

    private static void MergeWhileCheaper(List<RefinerTile> tiles, MhfuArchitecture architecture, int paddedWidth, int paddedHeight)
    {
        bool changed;
        do
        {
            changed = false;
            for (var i = 0; i < tiles.Count; i++)
            {
                var j = i + 1;
                while (j < tiles.Count)
                {
                    var union = Tile(tiles[i].Core.Union(tiles[j].Core), architecture, paddedWidth, paddedHeight);
                    if (union.Context.Area <= tiles[i].Context.Area + tiles[j].Context.Area)
                    {
                        tiles[i] = union;
                        tiles.RemoveAt(j);
                        changed = true;
                        j = i + 1;
                    }
                    else
                    {
                        j++;
                    }
                }
            }
        }
        while (changed);
    }
}
