namespace SpatialMe.Farm.Work;

/// <summary>The GPU phases of a segment.</summary>
[GenerateSerializer]
public enum WorkPhase
{
    Depth = 0,
    Render = 1,
}
