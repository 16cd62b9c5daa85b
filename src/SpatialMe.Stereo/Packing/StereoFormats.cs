namespace SpatialMe.Stereo.Packing;

/// <summary>The command-line names of <see cref="StereoFormat"/> values, and parsing of them.</summary>
public static class StereoFormats
{
    private static readonly (StereoFormat Format, string Name)[] Table =
    [
        (StereoFormat.FullSbs, "full-sbs"),
        (StereoFormat.HalfSbs, "half-sbs"),
        (StereoFormat.FullTb, "full-tb"),
        (StereoFormat.HalfTb, "half-tb"),
        (StereoFormat.Cross, "cross"),
        (StereoFormat.Anaglyph, "anaglyph"),
        (StereoFormat.AnaglyphHalfColor, "anaglyph-half-color"),
        (StereoFormat.AnaglyphGray, "anaglyph-gray"),
        (StereoFormat.Right, "right"),
        (StereoFormat.Disparity, "disparity"),
    ];

    /// <summary>Every CLI name, in declaration order of <see cref="StereoFormat"/>.</summary>
    public static IReadOnlyList<string> CliNames { get; } = Array.AsReadOnly(Table.Select(t => t.Name).ToArray());

    public static string ToCliName(this StereoFormat format)
    {
        foreach (var (f, name) in Table)
        {
            if (f == format)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(format), format, "Not a defined stereo format.");
    }

    /// <summary>Parses a CLI name (ASCII case is ignored).</summary>
    /// <exception cref="ArgumentException">The name is unknown; the message lists the valid names.</exception>
    public static StereoFormat Parse(string name)
    {
        if (TryParse(name, out var format))
        {
            return format;
        }

        throw new ArgumentException(
            $"Unknown stereo format '{name}'. Valid formats: {string.Join(", ", CliNames)}.", nameof(name));
    }

    public static bool TryParse(string? name, out StereoFormat format)
    {
        foreach (var (f, n) in Table)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                format = f;
                return true;
            }
        }

        format = default;
        return false;
    }
}
