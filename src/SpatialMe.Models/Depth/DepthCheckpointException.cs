namespace SpatialMe.Models.Depth;

/// <summary>A weights file that is not a usable Depth Anything V2 checkpoint; the message names the file and every problem.</summary>
public sealed class DepthCheckpointException(string message) : Exception(message);
