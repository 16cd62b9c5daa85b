using System.Globalization;

namespace SpatialMe.Media;

/// <summary>
/// An exact ratio such as a frame rate of 30000/1001. Kept as a fraction because ffmpeg's <c>-r 30000/1001</c>
/// and a rounded 29.97 give different timestamps over a long film.
/// </summary>
public readonly record struct Rational(long Numerator, long Denominator)
{
    /// <summary>True for a positive, finite ratio; ffprobe writes "0/0" where it does not know one.</summary>
    public bool IsPositive => Numerator > 0 && Denominator > 0;

    public double Value => Denominator == 0 ? double.NaN : (double)Numerator / Denominator;

    /// <summary>Parses ffprobe's "num/den" or a plain integer; false for anything else.</summary>
    public static bool TryParse(string? text, out Rational value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var parts = text.Trim().Split('/', ':');
        if (parts.Length == 1 && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole))
        {
            value = new Rational(whole, 1);
            return true;
        }

        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var numerator)
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var denominator))
        {
            value = new Rational(numerator, denominator);
            return true;
        }

        return false;
    }

    /// <summary>The same ratio in lowest terms.</summary>
    public Rational Reduce()
    {
        var divisor = GreatestCommonDivisor(Math.Abs(Numerator), Math.Abs(Denominator));
        return divisor <= 1 ? this : new Rational(Numerator / divisor, Denominator / divisor);
    }

    /// <summary>"num/den", the form ffmpeg's <c>-r</c> and <c>-framerate</c> accept.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Numerator}/{Denominator}");

    private static long GreatestCommonDivisor(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
