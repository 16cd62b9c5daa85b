namespace SpatialMe.Media.Tests.Shots;

/// <summary>
/// A transition a fixture was built with. <see cref="Boundary"/> is the nominal first frame of the new shot;
/// <see cref="SpanStart"/> .. <see cref="SpanEnd"/> (inclusive) are the frames the transition touches, from the old
/// shot's last clean frame to the new shot's first clean frame (both equal to Boundary - 1 and Boundary for a cut).
/// </summary>
internal sealed record TrueTransition(FixtureTransitionKind Kind, int Boundary, int SpanStart, int SpanEnd);

/// <summary>How two fixture clips are joined.</summary>
internal enum FixtureTransitionKind
{
    Cut,
    Dissolve,
    Fade,
}
