namespace SpatialMe.Media.Shots;

/// <summary>Shot detection over a video file: probe, streaming decode, <see cref="ShotDetector"/>.</summary>
public static class ShotScanner
{
    /// <summary>
    /// Width the frames are decoded at: twice the detector's thumbnail, so ffmpeg's scaler does the bulk of the
    /// downscaling (and the pipe carries ~50 KB a frame instead of megabytes) while the detector's own box average
    /// still smooths what the scaler leaves.
    /// </summary>
    internal const int DecodeWidth = 2 * FrameThumbnail.MaxWidth;

    /// <summary>
    /// The shots of the video at <paramref name="path"/>, covering frames 0 .. FrameCount - 1 (see
    /// <see cref="ShotDetector.Finish"/>). Only one small frame is held at a time. Throws <see cref="MediaException"/>
    /// (naming the file) where the file is missing, not a video or cannot be decoded.
    /// </summary>
    public static async Task<IReadOnlyList<Shot>> ScanAsync(string path, CancellationToken cancellationToken = default)
    {
        var info = await VideoProbe.ProbeAsync(path, cancellationToken).ConfigureAwait(false);
        return await ScanAsync(info, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The shots of an already probed video (for callers that need the <see cref="VideoInfo"/> too).</summary>
    public static async Task<IReadOnlyList<Shot>> ScanAsync(VideoInfo info, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(info);
        var detector = new ShotDetector();
        await foreach (var frame in FrameReader.ReadAsync(Downscaled(info), 0, info.FrameCount, cancellationToken).ConfigureAwait(false))
        {
            detector.Add(frame);
        }

        return detector.Finish();
    }

    /// <summary>
    /// The same video with a smaller display size: the reader scales every frame to the info's size (after rotation),
    /// so this makes ffmpeg deliver small frames.
    /// </summary>
    internal static VideoInfo Downscaled(VideoInfo info)
    {
        if (info.Width <= DecodeWidth)
        {
            return info;
        }

        var height = Math.Max(1, (int)Math.Round((double)info.Height * DecodeWidth / info.Width));
        return info with { Width = DecodeWidth, Height = height };
    }
}
