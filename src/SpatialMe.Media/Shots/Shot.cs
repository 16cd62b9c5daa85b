namespace SpatialMe.Media.Shots;

/// <summary>
/// One shot: frames <see cref="Start"/> .. <see cref="End"/> - 1 of the video (frame numbers count every decoded
/// frame from 0), and how it begins.
/// </summary>
public sealed record Shot(int Start, int End, ShotTransition Transition)
{
    public int FrameCount => End - Start;
}
