namespace SpatialMe.Capacity.Planning;

/// <summary>
/// The catalog to convert and its deadline: N titles of M minutes at one frame rate and resolution, cut into shots of
/// an average length, segmented as the farm does (<c>--segment-frames</c>, <c>--overlap</c>).
/// </summary>
public sealed record CatalogSpec
{
    public const int MaxTitles = 10_000;

    public int Titles { get; init; } = 100;

    public double MinutesPerTitle { get; init; } = 100;

    public double FramesPerSecond { get; init; } = 24;

    public int Width { get; init; } = 1920;

    public int Height { get; init; } = 1080;

    /// <summary>Wall-clock time from submitting the catalog to the last title done.</summary>
    public double DeadlineHours { get; init; } = 24 * 7;

    /// <summary>
    /// Average shot length in seconds. Not measured by this project: every shot is at least one segment, so this sets
    /// the segment count of a film; <c>spatialme shots &lt;title&gt;</c> gives the real figure for a real title.
    /// </summary>
    public double AverageShotSeconds { get; init; } = 5;

    /// <summary>The farm's <c>--segment-frames</c> (default 240).</summary>
    public int SegmentFrames { get; init; } = 240;

    /// <summary>The farm's <c>--overlap</c> (default 16).</summary>
    public int Overlap { get; init; } = 16;

    /// <summary>Bit rate of the input titles as stored in blob (each silo that works on a title downloads it whole).</summary>
    public double InputMegabitsPerSecond { get; init; } = 20;

    public double Megapixels => Width * (double)Height / 1e6;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad input.</summary>
    public void Validate()
    {
        Require(Titles is >= 1 and <= MaxTitles, $"titles must be between 1 and {MaxTitles} (past that the design has to change: docs/kubernetes.md), got {Titles}.");
        Require(MinutesPerTitle > 0, $"minutes per title must be positive, got {MinutesPerTitle}.");
        Require(FramesPerSecond > 0, $"frame rate must be positive, got {FramesPerSecond}.");
        Require(Width > 0 && Height > 0, $"resolution must be positive, got {Width}x{Height}.");
        Require(DeadlineHours > 0, $"deadline must be positive, got {DeadlineHours} hours.");
        Require(AverageShotSeconds > 0, $"average shot length must be positive, got {AverageShotSeconds} s.");
        Require(SegmentFrames >= 2, $"segment frames must be at least 2, got {SegmentFrames}.");
        Require(Overlap >= 0 && Overlap * 2 <= SegmentFrames, $"overlap must be between 0 and half the segment frames ({SegmentFrames / 2}), got {Overlap}.");
        Require(InputMegabitsPerSecond > 0, $"input bit rate must be positive, got {InputMegabitsPerSecond} Mbit/s.");
    }

    internal static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
