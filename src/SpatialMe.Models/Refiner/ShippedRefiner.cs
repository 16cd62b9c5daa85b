namespace SpatialMe.Models.Refiner;

/// <summary>
/// The trained refiner weights the repository ships (<c>models/spatialme-refiner.bin</c> at its root). Every project
/// that references SpatialMe.Models copies the file, when the repository has it, to the same relative path under
/// its output (see SpatialMe.Models.csproj), so a program finds it beside itself without configuration. A build
/// without the file still works: conversions then fall back to the rule-based fusion.
/// </summary>
public static class ShippedRefiner
{
    /// <summary>Where the file sits relative to the repository root and to a program's output folder.</summary>
    public const string RelativePath = "models/spatialme-refiner.bin";

    /// <summary>The value of <c>--refiner</c> that forces the rule-based fusion even where the file is shipped.</summary>
    public const string None = "none";

    /// <summary>The shipped file beside the running program (it may not exist).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "models", "spatialme-refiner.bin");

    /// <summary>Whether this build ships trained weights.</summary>
    public static bool Exists => File.Exists(DefaultPath);

    /// <summary>
    /// The weights file a <c>--refiner</c> value selects: <c>none</c> gives null (rule-based fusion), a path gives
    /// itself, and no value gives the shipped file where there is one, else null.
    /// </summary>
    public static string? Resolve(string? option)
    {
        if (option is null)
        {
            return Exists ? DefaultPath : null;
        }

        return string.Equals(option.Trim(), None, StringComparison.OrdinalIgnoreCase) ? null : option;
    }
}
