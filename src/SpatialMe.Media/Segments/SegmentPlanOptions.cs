namespace SpatialMe.Media.Segments;

/// <summary>How shots are cut into segments (the farm's `--segment-frames N --overlap K`).</summary>
public sealed record SegmentPlanOptions
{
    /// <summary>Default longest segment: 240 frames, 10 s at 24 fps — a few minutes of GPU work, so a lost silo
    /// costs little, while per-segment overheads (decode seek, model warm-up) stay small.</summary>
    public const int DefaultSegmentFrames = 240;

    /// <summary>Default overlap: 16 frames, enough for the temporal branch's context and a smooth cross-fade.</summary>
    public const int DefaultOverlap = 16;

    public int SegmentFrames { get; init; } = DefaultSegmentFrames;

    public int Overlap { get; init; } = DefaultOverlap;

    public static SegmentPlanOptions Default { get; } = new();

    public void Validate()
    {
        if (SegmentFrames < 2)
        {
            throw new ArgumentException($"--segment-frames must be at least 2, got {SegmentFrames}.");
        }

        if (Overlap < 0 || Overlap * 2 > SegmentFrames)
        {
            throw new ArgumentException($"--overlap must be between 0 and half of --segment-frames ({SegmentFrames / 2}), got {Overlap}.");
        }
    }
}
