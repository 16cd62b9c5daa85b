using SpatialMe.Farm.Storage;
using SpatialMe.Media;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Packing;

namespace SpatialMe.Farm.Compute;

/// <summary>
/// The latest rendered frame of a job, for the dashboard's live preview: each render stores its segment's middle frame
/// as a side-by-side JPEG (each eye at most <see cref="StoredEyeWidth"/> wide) under <see cref="StoreKeys.Preview"/>,
/// replacing the one before, so the preview follows the work; it outlives the job's intermediates. A client asks for
/// it side by side or as a Dubois anaglyph, at a width of its choice.
/// </summary>
public static class JobPreview
{
    public const int StoredEyeWidth = 960;

    public const int MinWidth = 64;

    public const int MaxWidth = 3840;

    /// <summary>The preview layouts a client may ask for.</summary>
    public static IReadOnlyList<string> Layouts { get; } = ["sbs", "anaglyph"];

    /// <summary>Stores <paramref name="left"/> and <paramref name="right"/> as the job's latest preview.</summary>
    public static async Task StoreAsync(IMediaStore store, string jobId, RgbImage left, RgbImage right, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var width = Math.Min(StoredEyeWidth, left.Width);
        var height = Math.Max(1, (int)Math.Round((double)left.Height * width / left.Width));
        var packed = StereoPacker.Pack(StereoFormat.FullSbs, ImageFiles.Resize(left, width, height), ImageFiles.Resize(right, width, height));
        var scratch = store.NewScratchPath(StoreKeys.Preview(jobId));
        try
        {
            await File.WriteAllBytesAsync(scratch, ImageFiles.EncodeJpeg(packed, 88), ct);
            await store.CommitAsync(scratch, StoreKeys.Preview(jobId), ct);
        }
        finally
        {
            File.Delete(scratch);
        }
    }

    /// <summary>The stored preview's bytes; null where no segment has rendered yet.</summary>
    public static async Task<byte[]?> ReadAsync(IMediaStore store, string jobId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (!await store.ExistsAsync(StoreKeys.Preview(jobId), ct))
        {
            return null;
        }

        return await File.ReadAllBytesAsync(await store.GetLocalPathAsync(StoreKeys.Preview(jobId), ct), ct);
    }

    /// <summary>
    /// The stored side-by-side preview as a JPEG in <paramref name="layout"/> (<c>sbs</c> or <c>anaglyph</c>), scaled to
    /// <paramref name="width"/> pixels (the whole picture: both eyes for sbs).
    /// </summary>
    public static byte[] Render(byte[] stored, string layout, int width)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinWidth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxWidth);
        var sbs = ImageFiles.DecodeRgb(stored, "the stored preview");
        var eye = sbs.Width / 2;
        var left = Crop(sbs, 0, eye);
        var right = Crop(sbs, eye, eye);
        var picture = layout switch
        {
            "sbs" => sbs,
            "anaglyph" => StereoPacker.Pack(StereoFormat.Anaglyph, left, right),
            _ => throw new ArgumentException($"preview layout '{layout}' is unknown; one of: {string.Join(", ", Layouts)}.", nameof(layout)),
        };
        var height = Math.Max(1, (int)Math.Round((double)picture.Height * width / picture.Width));
        return ImageFiles.EncodeJpeg(ImageFiles.Resize(picture, width, height), 85);
    }

    private static RgbImage Crop(RgbImage image, int x, int width)
    {
        var crop = new RgbImage(width, image.Height);
        for (var y = 0; y < image.Height; y++)
        {
            image.ReadRow(y).Slice(x * 3, width * 3).CopyTo(crop.Row(y));
        }

        return crop;
    }
}
