namespace SpatialMe.Farm.Segments;

/// <summary>A segment's state machine: depth → (shot aligned) → render → done.</summary>
[GenerateSerializer]
public enum SegmentStage
{
    Pending = 0,
    Depth = 1,
    DepthDone = 2,
    Render = 3,
    Done = 4,
    Failed = 5,
}
