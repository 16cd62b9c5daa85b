using System.Diagnostics;
using Spectre.Console;

namespace SpatialMe.Cli.Console;

/// <summary>
/// Progress of a long job: a live Spectre bar on a terminal; plain lines elsewhere (Spectre's live display prints
/// nothing when stdout is not a terminal), at most one every few seconds or every 10 %.
/// </summary>
public sealed class ProgressReporter
{
    private readonly TextWriter _plain;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLine = TimeSpan.MinValue;
    private int _lastDecile = -1;
    private string? _lastDetail;
    private readonly string _unit;

    /// <param name="unit">What is counted: "frames" (rate shown as fps) or e.g. "steps" (rate shown as steps/s).</param>
    public ProgressReporter(TextWriter plain, string unit = "frames")
    {
        _plain = plain;
        _unit = unit;
    }

    private string Rate(double perSecond) => _unit == "frames" ? FormattableString.Invariant($"{perSecond:F2} fps") : FormattableString.Invariant($"{perSecond:F2} {_unit}/s");

    public static bool IsInteractive => AnsiConsole.Profile.Capabilities.Interactive && !System.Console.IsOutputRedirected;

    /// <summary>Runs <paramref name="work"/>, which reports (finished, total) frames through the callback.</summary>
    public Task RunAsync(string description, Func<Action<int, int>, Task> work) =>
        RunAsync(description, report => work((done, total) => report(done, total, null)));

    /// <summary>
    /// Runs <paramref name="work"/>, which reports (finished, total) frames and a short line on what is happening
    /// (stage, segments, shots) through the callback; the line is shown beside the bar or in the plain line.
    /// </summary>
    public async Task RunAsync(string description, Func<Action<int, int, string?>, Task> work)
    {
        if (IsInteractive)
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask(description);
                    await work((done, total, detail) =>
                    {
                        task.MaxValue = Math.Max(1, total);
                        task.Value = done;
                        var fps = _clock.Elapsed.TotalSeconds > 0 ? done / _clock.Elapsed.TotalSeconds : 0;
                        task.Description = FormattableString.Invariant($"{description} {done}/{total} {_unit}, {Rate(fps)}")
                            + (detail is null ? string.Empty : " · " + Markup.Escape(detail));
                    });
                });
            return;
        }

        await work((done, total, detail) => PlainLine(description, done, total, detail));
    }

    private void PlainLine(string description, int done, int total, string? detail)
    {
        var elapsed = _clock.Elapsed;
        var decile = total > 0 ? done * 10 / total : 0;
        var newDetail = detail is not null && detail != _lastDetail;
        if (done != total && decile == _lastDecile && !newDetail && elapsed - _lastLine < TimeSpan.FromSeconds(5))
        {
            return;
        }

        _lastDetail = detail;
        _lastDecile = decile;
        _lastLine = elapsed;
        var fps = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
        var eta = fps > 0 && total > done ? TimeSpan.FromSeconds((total - done) / fps) : TimeSpan.Zero;
        _plain.WriteLine(FormattableString.Invariant($"{description}: {done}/{total} {_unit} ({(total > 0 ? 100.0 * done / total : 100):F0}%), {Rate(fps)}, eta {eta:hh\\:mm\\:ss}")
            + (detail is null ? string.Empty : " · " + detail));
    }
}
