namespace SpatialMe.Media.Shots;

/// <summary>How a shot begins.</summary>
public enum ShotTransition
{
    /// <summary>The first shot of the video: nothing comes before it.</summary>
    Start,

    /// <summary>A hard cut: the previous shot's last frame is followed directly by this shot's first frame.</summary>
    Cut,

    /// <summary>A dissolve (cross-fade): the shot starts at the middle of the blend from the previous shot.</summary>
    Dissolve,

    /// <summary>A fade through a near-uniform (usually black) frame: the shot starts at the first frame after it.</summary>
    Fade,
}
