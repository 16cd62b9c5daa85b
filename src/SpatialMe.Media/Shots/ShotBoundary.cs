namespace SpatialMe.Media.Shots;

/// <summary>
/// A detected start of a new shot at <see cref="Frame"/>. <see cref="SpanStart"/> .. <see cref="SpanEnd"/>
/// (inclusive) are the frames the transition touches; other detectors keep out of them.
/// </summary>
internal readonly record struct ShotBoundary(int Frame, ShotTransition Transition, int SpanStart, int SpanEnd)
{
    public bool Touches(int frame, int margin = 0) => frame >= SpanStart - margin && frame <= SpanEnd + margin;
}
