using System.Globalization;

namespace SpatialMe.Models.Training;

/// <summary>
/// The per-step losses as CSV (one header row, then one row per step), written and flushed as the run goes so a
/// crashed or interrupted run keeps its curve. Invariant culture: the file must read the same everywhere. The
/// perceptual and ssim columns are 0 in runs without those terms, so every run's log has the same columns.
/// </summary>
public sealed class LossLog : IDisposable
{
    public const string Header = "step,l1,perceptual,adversarial,discriminator,total,ssim";

    private readonly StreamWriter _writer;

    /// <param name="path">The CSV file; created with a header, or appended to when <paramref name="append"/> is set
    /// and it exists (a resumed run).</param>
    public LossLog(string path, bool append = false)
    {
        var exists = append && File.Exists(path);
        _writer = new StreamWriter(path, append: exists);
        if (!exists)
        {
            _writer.WriteLine(Header);
        }

        _writer.Flush();
    }

    public void Append(StepLosses losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        _writer.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{losses.Step},{losses.OcclusionWeightedL1:R},{losses.Perceptual:R},{losses.Adversarial:R},{losses.Discriminator:R},{losses.Total:R},{losses.Structural:R}"));
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
