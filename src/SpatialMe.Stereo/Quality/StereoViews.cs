using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Quality;

/// <summary>
/// Unpacks the two views of a packed stereo frame. Half layouts are not stretched back: parallax is measured in % of
/// the view's width, which a horizontal squeeze leaves unchanged.
/// </summary>
public static class StereoViews
{
    /// <summary>The layouts the QC can read (packed left and right views).</summary>
    public static IReadOnlyList<StereoFormat> Readable { get; } =
        [StereoFormat.FullSbs, StereoFormat.HalfSbs, StereoFormat.FullTb, StereoFormat.HalfTb, StereoFormat.Cross];

    /// <summary>Throws <see cref="ArgumentException"/> for a layout that does not hold two views, naming the readable ones.</summary>
    public static void RequireReadable(StereoFormat layout)
    {
        if (!Readable.Contains(layout))
        {
            throw new ArgumentException(
                $"The QC needs a stereo layout with both views, got '{layout.ToCliName()}'. Readable layouts: {string.Join(", ", Readable.Select(f => f.ToCliName()))}.");
        }
    }

    /// <summary>The size of one view of a <paramref name="width"/>×<paramref name="height"/> frame in this layout.</summary>
    public static (int Width, int Height) ViewSize(int width, int height, StereoFormat layout)
    {
        RequireReadable(layout);
        return layout is StereoFormat.FullTb or StereoFormat.HalfTb ? (width, height / 2) : (width / 2, height);
    }

    public static (RgbImage Left, RgbImage Right) Split(RgbImage frame, StereoFormat layout)
    {
        var (w, h) = ViewSize(frame.Width, frame.Height, layout);
        if (w < 16 || h < 16)
        {
            throw new ArgumentException($"A {frame.Width}x{frame.Height} frame is too small to hold two views in '{layout.ToCliName()}'.");
        }

        return layout switch
        {
            StereoFormat.FullTb or StereoFormat.HalfTb => (Crop(frame, 0, 0, w, h), Crop(frame, 0, h, w, h)),
            StereoFormat.Cross => (Crop(frame, w, 0, w, h), Crop(frame, 0, 0, w, h)),
            _ => (Crop(frame, 0, 0, w, h), Crop(frame, w, 0, w, h)),
        };
    }

    private static RgbImage Crop(RgbImage frame, int x, int y, int width, int height)
    {
        var view = new RgbImage(width, height);
        for (var row = 0; row < height; row++)
        {
            frame.ReadRow(y + row).Slice(3 * x, 3 * width).CopyTo(view.Row(row));
        }

        return view;
    }
}
