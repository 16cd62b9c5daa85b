namespace SpatialMe.Media.Segments;

/// <summary>
/// A unit of farm work: frames <see cref="Start"/> .. <see cref="End"/> − 1, all inside one shot. Consecutive segments
/// of a long shot share <see cref="OverlapBefore"/> / <see cref="OverlapAfter"/> frames, which the stitcher cross-fades
/// so the seam does not show; segments of different shots never overlap (a cut needs no blending).
/// </summary>
public sealed record Segment(int Index, int ShotIndex, int Start, int End, int OverlapBefore, int OverlapAfter)
{
    public int FrameCount => End - Start;
}
