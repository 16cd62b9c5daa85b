using System.CommandLine;
using System.Globalization;
using SpatialMe.Cli.Console;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Media.Quality;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Quality;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme qc &lt;job-id-or-output&gt;</c>: the stereo QC report of a stereo video (analysed here), of a cluster
/// job, or of a job of the embedded farm's store (both made by the farm when the job finished). Prints a summary; <c>--json</c>/<c>--html</c> write the report. A
/// flagged report is exit 0: violations are findings, not errors (docs/qc.md).
/// </summary>
public static class QcCommand
{
    public static Command Build()
    {
        var target = new Argument<string>("job-id-or-output") { Description = "A stereo video file to analyse, or the id of a job whose report to fetch (of the cluster when one is configured, else of the farm store)." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." };
        var html = new Option<string?>("--html") { Description = "Write the report as one self-contained HTML page with plots to this file." };
        var layout = new Option<string>("--layout")
        {
            Description = "How the video packs its views: full-sbs, half-sbs, full-tb, half-tb or cross.",
            DefaultValueFactory = _ => "full-sbs",
        };
        var every = new Option<int?>("--every") { Description = "Analyse every N-th frame (default: one frame per second of video)." };
        var store = new Option<string?>("--store")
        {
            Description = "The embedded farm's store to find a job's report in when no cluster is configured (default: $SPATIALME_STORE, else ~/.local/share/spatialme/farm).",
        };
        var thresholds = new ThresholdOptions();
        var connection = new ClusterConnection();
        var command = new Command(
            "qc",
            "Stereo QC of a side-by-side or top-bottom video, or of a cluster job's output: parallax range, depth budget, stereo window "
            + "violations, disocclusion, flicker and seams, per shot and over time. Thresholds apply when analysing a file.")
        {
            target, json, html, layout, every, store,
        };
        thresholds.AddTo(command);
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var name = parse.GetValue(target)!;
            if (File.Exists(name))
            {
                var request = new StereoVideoQualityRequest
                {
                    Layout = StereoFormats.Parse(parse.GetValue(layout)!),
                    Every = parse.GetValue(every),
                    Options = thresholds.Read(parse),
                };
                request.Options.Validate();
                StereoViews.RequireReadable(request.Layout);
                StereoQualityReport? report = null;
                await new ProgressReporter(System.Console.Out).RunAsync("qc", async (Action<int, int> progress) =>
                    report = await StereoVideoQuality.AnalyzeAsync(name, request, progress, ct));
                return await EmitAsync(parse.GetValue(json), parse.GetValue(html), StereoQualityJson.Serialize(report!), () => Task.FromResult(StereoQualityHtml.Render(report!)), ct);
            }

            if (LooksLikePath(name))
            {
                throw new FileNotFoundException($"'{name}' does not exist.");
            }

            if (thresholds.AnyGiven(parse) || parse.GetResult(every) is { Implicit: false } || parse.GetResult(layout) is { Implicit: false })
            {
                throw new ArgumentException("--layout, --every and the thresholds apply when analysing a file; a job's report is the one the farm made.");
            }

            if (!connection.IsConfigured(parse))
            {
                // A job of the embedded farm (`spatialme convert`): its report is a file of the local store.
                var folder = Path.Combine(parse.GetValue(store) ?? EmbeddedFarm.DefaultStore(), EmbeddedFarm.MediaFolder);
                var stored = Path.Combine(folder, StoreKeys.QualityJson(name));
                if (!File.Exists(stored))
                {
                    throw new ArgumentException(
                        $"'{name}' is not a file, the farm store has no QC report of a job '{name}' ('{stored}' does not exist), "
                        + "and no cluster is configured to ask (--redis or SPATIALME_REDIS).");
                }

                return await EmitAsync(parse.GetValue(json), parse.GetValue(html), await File.ReadAllTextAsync(stored, ct),
                    () => File.ReadAllTextAsync(Path.Combine(folder, StoreKeys.QualityHtml(name)), ct), ct);
            }

            using var client = await ClusterHosts.ConnectClientAsync(connection.Read(parse), ct);
            var grain = ClusterClients.Job(client, name);
            var status = await ClusterClients.RetryAsync(() => grain.GetStatusAsync(ct), ct)
                ?? throw new KeyNotFoundException($"no job '{name}' in this cluster.");
            var quality = status.Quality;
            if (quality?.State != QualityState.Done)
            {
                throw new IOException(quality switch
                {
                    null => $"job '{name}' is {status.State.ToApiName()}: its QC report is made once it is done.",
                    { State: QualityState.Pending } => $"job '{name}' is done and its QC report is being made; try again shortly.",
                    _ => $"the QC of job '{name}' failed: {quality.Error}",
                });
            }

            var reportJson = await ClusterClients.RetryAsync(() => grain.GetQualityReportAsync(QualityReportFormat.Json, ct), ct)
                ?? throw new IOException($"the QC report of job '{name}' is missing from the media store.");
            return await EmitAsync(parse.GetValue(json), parse.GetValue(html), reportJson, async () =>
                await ClusterClients.RetryAsync(() => grain.GetQualityReportAsync(QualityReportFormat.Html, ct), ct)
                ?? throw new IOException($"the QC page of job '{name}' is missing from the media store."), ct);
        }, "cancelled."));
        return command;
    }

    /// <summary>The figures of a report, as the API's JSON has them.</summary>
    internal static void PrintSummary(TextWriter w, StereoQualityReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var t = r.Title;
        var o = r.Thresholds;
        w.WriteLine(string.Create(c, $"stereo QC of {r.Source}{(r.JobId is null ? "" : $" (job {r.JobId})")}: {(r.Flagged ? $"FLAGGED, {r.ViolationCount} violation(s)" : "no violations")}"));
        w.WriteLine(string.Create(c, $"  {r.FrameCount} frames, {t.FramesAnalysed} analysed (every {r.Every}), {r.Shots.Count} shot(s), {r.Layout} {r.ViewWidth}x{r.ViewHeight} per view"));
        w.WriteLine(string.Create(c, $"  parallax near {t.NearPercent:F2}% far {t.FarPercent:F2}% of width (far limit {o.FarLimitPercent:F2}%); largest depth budget {t.MaxBudgetPercent:F2}% (limit {o.BudgetLimitPercent:F2}%)"));
        w.WriteLine(string.Create(c, $"  window violations: left {t.MaxWindowLeft * 100:F0}%, right {t.MaxWindowRight * 100:F0}% of the edge band at worst (limit {o.WindowShareLimit * 100:F0}%)"));
        w.WriteLine(string.Create(c, $"  disocclusion mean {t.MeanDisocclusionPercent:F1}% max {t.MaxDisocclusionPercent:F1}% (limit {o.DisocclusionLimitPercent:F1}%); flicker mean {t.MeanFlicker:F2} max {t.MaxFlicker:F2} (limit {o.FlickerLimit:F2})"));
        if (r.Seams.Count > 0)
        {
            w.WriteLine(string.Create(c, $"  seams: {r.Seams.Count} measured, {r.Seams.Count(s => s.Flagged)} flagged"));
        }

        foreach (var v in r.Violations)
        {
            w.WriteLine(string.Create(c, $"  violation {v.Kind,-12} shot {v.Shot,3}  frames {v.StartFrame}-{v.EndFrame}  worst {v.Worst:0.###} (limit {v.Limit:0.###})"));
        }
    }

    /// <summary>What every source of a report (a file analysed now, the local store, a cluster's job) ends with: the
    /// JSON written to --json, the page (made or fetched only when asked for) to --html, the summary printed.</summary>
    private static async Task<int> EmitAsync(string? jsonFile, string? htmlFile, string reportJson, Func<Task<string>> page, CancellationToken ct)
    {
        await WriteAsync(jsonFile, reportJson, ct);
        if (htmlFile is not null)
        {
            await WriteAsync(htmlFile, await page(), ct);
        }

        PrintSummary(System.Console.Out, StereoQualityJson.Deserialize(reportJson));
        return 0;
    }

    private static async Task WriteAsync(string? file, string text, CancellationToken ct)
    {
        if (file is not null)
        {
            await File.WriteAllTextAsync(file, text, ct);
        }
    }

    /// <summary>A name that is meant as a file (a job id has neither a folder nor an extension).</summary>
    private static bool LooksLikePath(string name) =>
        name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || Path.HasExtension(name);

    /// <summary>The QC thresholds as options, defaults from <see cref="StereoQualityOptions"/>.</summary>
    private sealed class ThresholdOptions
    {
        private readonly Option<double> _budget = new("--budget-limit") { Description = "Comfortable depth budget, far − near, % of width.", DefaultValueFactory = _ => StereoQualityOptions.DefaultBudgetLimitPercent };
        private readonly Option<double> _eyes = new("--eye-separation") { Description = "Viewer's eye separation, mm (with --screen-width: the far parallax limit).", DefaultValueFactory = _ => StereoQualityOptions.DefaultEyeSeparationMm };
        private readonly Option<double> _screen = new("--screen-width") { Description = "Width of the screen the title is checked for, mm.", DefaultValueFactory = _ => StereoQualityOptions.DefaultScreenWidthMm };
        private readonly Option<double> _band = new("--edge-band") { Description = "Width of the frame-edge bands checked for window violations, % of width.", DefaultValueFactory = _ => StereoQualityOptions.DefaultEdgeBandPercent };
        private readonly Option<double> _windowParallax = new("--window-parallax") { Description = "Parallax (% of width, ≤ 0) below which an edge pixel is in front of the window.", DefaultValueFactory = _ => StereoQualityOptions.DefaultWindowParallaxPercent };
        private readonly Option<double> _windowShare = new("--window-share") { Description = "Share (0–1) of an edge band in front of the window that is a violation.", DefaultValueFactory = _ => StereoQualityOptions.DefaultWindowShareLimit };
        private readonly Option<double> _disocclusion = new("--disocclusion-limit") { Description = "Disoccluded area, % of the right view, above which a frame is flagged.", DefaultValueFactory = _ => StereoQualityOptions.DefaultDisocclusionLimitPercent };
        private readonly Option<double> _flicker = new("--flicker-limit") { Description = "Right-view flicker (luma 0–255) above which a frame is flagged.", DefaultValueFactory = _ => StereoQualityOptions.DefaultFlickerLimit };
        private readonly Option<double> _seam = new("--seam-ratio") { Description = "A seam is flagged at this many times the shot's typical step.", DefaultValueFactory = _ => StereoQualityOptions.DefaultSeamRatio };
        private readonly Option<int> _width = new("--working-width") { Description = "Width each view is reduced to for matching, px.", DefaultValueFactory = _ => StereoQualityOptions.DefaultWorkingWidth };

        private IEnumerable<Option> All => [_budget, _eyes, _screen, _band, _windowParallax, _windowShare, _disocclusion, _flicker, _seam, _width];

        public void AddTo(Command command)
        {
            foreach (var option in All)
            {
                command.Options.Add(option);
            }
        }

        public bool AnyGiven(ParseResult parse) => All.Any(o => parse.GetResult(o) is { Implicit: false });

        public StereoQualityOptions Read(ParseResult parse) => new()
        {
            BudgetLimitPercent = parse.GetValue(_budget),
            EyeSeparationMm = parse.GetValue(_eyes),
            ScreenWidthMm = parse.GetValue(_screen),
            EdgeBandPercent = parse.GetValue(_band),
            WindowParallaxPercent = parse.GetValue(_windowParallax),
            WindowShareLimit = parse.GetValue(_windowShare),
            DisocclusionLimitPercent = parse.GetValue(_disocclusion),
            FlickerLimit = parse.GetValue(_flicker),
            SeamRatio = parse.GetValue(_seam),
            WorkingWidth = parse.GetValue(_width),
        };
    }
}
