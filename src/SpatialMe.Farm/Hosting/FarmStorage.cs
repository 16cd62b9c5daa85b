namespace SpatialMe.Farm.Hosting;

/// <summary>The grain storage every farm grain persists to (file storage embedded, Redis in a cluster).</summary>
public static class FarmStorage
{
    public const string Name = "farm";
}
