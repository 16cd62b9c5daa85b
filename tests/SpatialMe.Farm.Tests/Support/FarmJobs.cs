using SpatialMe.Farm.Jobs;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>Job specs for the test clip: short segments so each shot has several, with overlaps to stitch.</summary>
public static class FarmJobs
{
    public static JobSpec Spec(string output, int segmentFrames = 12, int overlap = 4) => new()
    {
        Input = FarmClips.CityNight,
        Output = output,
        Format = "full-sbs",
        SegmentFrames = segmentFrames,
        Overlap = overlap,
        Preset = "veryfast",
    };
}
