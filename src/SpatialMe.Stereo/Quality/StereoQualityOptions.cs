namespace SpatialMe.Stereo.Quality;

/// <summary>
/// Thresholds and working sizes of the stereo QC (docs/qc.md gives each formula and where the defaults come from).
/// Parallax figures are in percent of the image width: negative = in front of the screen, positive = behind it.
/// </summary>
public sealed record StereoQualityOptions
{
    public const int DefaultWorkingWidth = 480;
    public const double DefaultSearchPercent = 8;
    public const double DefaultNearPercentile = 2;
    public const double DefaultFarPercentile = 98;
    public const double DefaultBudgetLimitPercent = 3;
    public const double DefaultEyeSeparationMm = 65;
    public const double DefaultScreenWidthMm = 3000;
    public const double DefaultEdgeBandPercent = 5;
    public const double DefaultWindowParallaxPercent = -0.25;
    public const double DefaultWindowShareLimit = 0.05;
    public const double DefaultDisocclusionLimitPercent = 10;
    public const double DefaultFlickerLimit = 2;
    public const double DefaultSeamRatio = 3;

    /// <summary>Width (px) each view is reduced to before matching: SGBM's cost grows with width × search range.</summary>
    public int WorkingWidth { get; init; } = DefaultWorkingWidth;

    /// <summary>Parallax searched on each side of the screen plane, % of width (8% covers any comfortable master).</summary>
    public double SearchPercent { get; init; } = DefaultSearchPercent;

    /// <summary>Percentile (0–100) of a frame's parallax reported as its near (most in front) parallax.</summary>
    public double NearPercentile { get; init; } = DefaultNearPercentile;

    /// <summary>Percentile (0–100) of a frame's parallax reported as its far (most behind) parallax.</summary>
    public double FarPercentile { get; init; } = DefaultFarPercentile;

    /// <summary>Comfortable depth budget, far − near, % of width (the common "3% rule" of stereography).</summary>
    public double BudgetLimitPercent { get; init; } = DefaultBudgetLimitPercent;

    /// <summary>The viewer's eye separation (mm): far parallax wider than it on the screen makes the eyes diverge.</summary>
    public double EyeSeparationMm { get; init; } = DefaultEyeSeparationMm;

    /// <summary>Width (mm) of the screen the title is checked for (3 m: a large living-room projection).</summary>
    public double ScreenWidthMm { get; init; } = DefaultScreenWidthMm;

    /// <summary>Largest comfortable far parallax, % of width: the eye separation on this screen.</summary>
    public double FarLimitPercent => 100 * EyeSeparationMm / ScreenWidthMm;

    /// <summary>Width of the band at the left and right frame edges checked for stereo window violations, % of width.</summary>
    public double EdgeBandPercent { get; init; } = DefaultEdgeBandPercent;

    /// <summary>Parallax (% of width, negative) below which an edge-band pixel is in front of the screen window.</summary>
    public double WindowParallaxPercent { get; init; } = DefaultWindowParallaxPercent;

    /// <summary>Share (0–1) of an edge band's matched pixels in front of the window above which the frame violates it.</summary>
    public double WindowShareLimit { get; init; } = DefaultWindowShareLimit;

    /// <summary>Disoccluded area (% of the right view) above which a frame is flagged.</summary>
    public double DisocclusionLimitPercent { get; init; } = DefaultDisocclusionLimitPercent;

    /// <summary>Right-view flicker (extra warping error over the left view's, luma 0–255) above which a frame is flagged.</summary>
    public double FlickerLimit { get; init; } = DefaultFlickerLimit;

    /// <summary>A seam is flagged when its step is this many times the shot's typical frame-to-frame step.</summary>
    public double SeamRatio { get; init; } = DefaultSeamRatio;

    public static StereoQualityOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad value.</summary>
    public void Validate()
    {
        Require(WorkingWidth is >= 64 and <= 4096, $"QC working width must be 64–4096 px, got {WorkingWidth}.");
        Require(double.IsFinite(SearchPercent) && SearchPercent is > 0 and <= 25, $"QC search range must be in (0, 25] % of width, got {SearchPercent}.");
        Require(
            double.IsFinite(NearPercentile) && double.IsFinite(FarPercentile) && NearPercentile >= 0 && FarPercentile <= 100 && NearPercentile < FarPercentile,
            $"QC parallax percentiles need 0 ≤ near < far ≤ 100, got near {NearPercentile} and far {FarPercentile}.");
        Require(double.IsFinite(BudgetLimitPercent) && BudgetLimitPercent > 0, $"QC depth budget limit must be positive (% of width), got {BudgetLimitPercent}.");
        Require(double.IsFinite(EyeSeparationMm) && EyeSeparationMm > 0, $"QC eye separation must be positive (mm), got {EyeSeparationMm}.");
        Require(double.IsFinite(ScreenWidthMm) && ScreenWidthMm > 0, $"QC screen width must be positive (mm), got {ScreenWidthMm}.");
        Require(double.IsFinite(EdgeBandPercent) && EdgeBandPercent is > 0 and <= 50, $"QC edge band must be in (0, 50] % of width, got {EdgeBandPercent}.");
        Require(double.IsFinite(WindowParallaxPercent) && WindowParallaxPercent <= 0, $"QC window parallax threshold must be ≤ 0 (% of width), got {WindowParallaxPercent}.");
        Require(double.IsFinite(WindowShareLimit) && WindowShareLimit is >= 0 and < 1, $"QC window share limit must be in [0, 1), got {WindowShareLimit}.");
        Require(double.IsFinite(DisocclusionLimitPercent) && DisocclusionLimitPercent is >= 0 and <= 100, $"QC disocclusion limit must be 0–100 %, got {DisocclusionLimitPercent}.");
        Require(double.IsFinite(FlickerLimit) && FlickerLimit >= 0, $"QC flicker limit must be ≥ 0, got {FlickerLimit}.");
        Require(double.IsFinite(SeamRatio) && SeamRatio > 1, $"QC seam ratio must be > 1, got {SeamRatio}.");
    }

    /// <summary>The SGBM search (min disparity, count; a multiple of 16) covering ±<see cref="SearchPercent"/> at this width.</summary>
    internal (int Min, int Count) SearchRange(int width)
    {
        var side = Math.Max(8, (int)Math.Ceiling(width * SearchPercent / 100));
        var count = ((2 * side) + 15) / 16 * 16;
        return (-(count / 2), count);
    }

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}
