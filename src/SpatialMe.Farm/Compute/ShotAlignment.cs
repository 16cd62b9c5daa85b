namespace SpatialMe.Farm.Compute;

/// <summary>
/// A shot's depth reconciliation, written by the stitcher before any segment of the shot renders: the shot-level
/// normalisation range of every frame, and each segment's affine map of raw depth onto the shot's first segment.
/// </summary>
public sealed class ShotAlignment
{
    public int Shot { get; set; }

    /// <summary>First frame of the shot (index 0 of <see cref="Low"/> / <see cref="High"/>).</summary>
    public int Start { get; set; }

    public int End { get; set; }

    /// <summary>Per frame of the shot: the normaliser's low and high (EMA of the lookahead window's percentiles).</summary>
    public float[] Low { get; set; } = [];

    public float[] High { get; set; } = [];

    public List<AlignedSegment> Segments { get; set; } = [];
}

/// <summary>One segment of an aligned shot: where its depth is and the scale/shift that maps its raw depth onto the
/// previous segment's (and so, chained, onto the shot's first).</summary>
public sealed class AlignedSegment
{
    public int Index { get; set; }

    public int Start { get; set; }

    public int End { get; set; }

    public string DepthKey { get; set; } = "";

    public double Scale { get; set; } = 1;

    public double Shift { get; set; }
}

/// <summary>The per-frame robust depth ranges of a segment, written beside its depth.</summary>
public sealed class DepthRanges
{
    public int Start { get; set; }

    public float[] Low { get; set; } = [];

    public float[] High { get; set; } = [];

    /// <summary>The depth estimator that produced the depth (e.g. cues-v1).</summary>
    public string Model { get; set; } = "";
}
