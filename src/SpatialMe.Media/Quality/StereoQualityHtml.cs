using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using SpatialMe.Stereo.Quality;

namespace SpatialMe.Media.Quality;

/// <summary>
/// The QC report as one self-contained HTML page: the report's JSON and the vendored Chart.js (src/vendor/chart.js,
/// embedded in this assembly) are inlined, so the page opens offline and fetches nothing. Plots over time (parallax
/// near/far with the limits, depth budget, window violations, disocclusion, flicker), a per-shot table and the
/// violations, flagged items highlighted.
/// </summary>
public static class StereoQualityHtml
{
    private const string ChartResource = "SpatialMe.Media.Quality.chart.umd.min.js";

    private static readonly Lazy<string> ChartJs = new(() =>
    {
        using var stream = typeof(StereoQualityHtml).Assembly.GetManifestResourceStream(ChartResource)
            ?? throw new InvalidOperationException($"The build lacks the embedded resource {ChartResource}.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    });

    public static string Render(StereoQualityReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        // The default encoder escapes <, > and & as \u003C…, so the JSON cannot close the script element it sits in.
        var json = JsonSerializer.Serialize(report, StereoQualityJson.Options);
        var t = report.Title;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Stereo QC: {E(report.Source)}</title>
            <style>
            body {"{"} font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 1.5rem; color: #1d2330; {"}"}
            h1 {"{"} font-size: 1.5rem; margin-bottom: .25rem; {"}"} h2 {"{"} font-size: 1.15rem; margin-top: 2rem; {"}"}
            .verdict {"{"} display: inline-block; padding: .2rem .7rem; border-radius: .3rem; font-weight: 600; {"}"}
            .verdict.flagged {"{"} background: #fde2e1; color: #8a1c17; {"}"} .verdict.ok {"{"} background: #ddf3e4; color: #14532d; {"}"}
            dl.facts {"{"} display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: .2rem 1rem; {"}"} dl.facts dt {"{"} font-weight: 600; {"}"} dl.facts dd {"{"} margin: 0; {"}"}
            .charts {"{"} display: grid; grid-template-columns: repeat(auto-fit, minmax(480px, 1fr)); gap: 1.5rem; {"}"}
            figure {"{"} margin: 0; {"}"} figcaption {"{"} font-weight: 600; margin-bottom: .3rem; {"}"} .plot {"{"} position: relative; height: 260px; {"}"}
            table {"{"} border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; {"}"}
            th, td {"{"} border-bottom: 1px solid #d6dae3; padding: .3rem .5rem; text-align: right; {"}"} th:first-child, td:first-child {"{"} text-align: left; {"}"}
            tr.flagged td {"{"} background: #fde2e1; {"}"} caption {"{"} text-align: left; color: #4a5264; padding-bottom: .3rem; {"}"}
            </style>
            </head>
            <body>
            <header>
            <h1>Stereo QC report</h1>
            <p>{E(report.Source)}{(report.JobId is null ? "" : $" · job {E(report.JobId)}")} · {E(report.Layout)} · {report.ViewWidth}×{report.ViewHeight} per view · {report.FrameCount} frames at {report.FrameRate:0.###} fps · analysed every {report.Every} frame(s), {t.FramesAnalysed} in all · {report.CreatedAt:yyyy-MM-dd HH:mm} UTC</p>
            <p><span class="verdict {(report.Flagged ? "flagged" : "ok")}" id="verdict">{(report.Flagged ? $"Flagged: {report.ViolationCount} violation(s)" : "No violations")}</span></p>
            </header>
            <main>
            <h2>Title</h2>
            <dl class="facts">
            <dt>Near parallax</dt><dd>{t.NearPercent:0.00}% of width</dd>
            <dt>Far parallax</dt><dd>{t.FarPercent:0.00}% (limit {report.Thresholds.FarLimitPercent:0.00}%)</dd>
            <dt>Largest depth budget</dt><dd>{t.MaxBudgetPercent:0.00}% (limit {report.Thresholds.BudgetLimitPercent:0.00}%)</dd>
            <dt>Window violations</dt><dd>left {t.MaxWindowLeft * 100:F0}%, right {t.MaxWindowRight * 100:F0}% of the edge band at worst (limit {report.Thresholds.WindowShareLimit * 100:F0}%)</dd>
            <dt>Disocclusion</dt><dd>mean {t.MeanDisocclusionPercent:0.0}%, at most {t.MaxDisocclusionPercent:0.0}% (limit {report.Thresholds.DisocclusionLimitPercent:0.0}%)</dd>
            <dt>Right-view flicker</dt><dd>mean {t.MeanFlicker:0.00}, at most {t.MaxFlicker:0.00} (limit {report.Thresholds.FlickerLimit:0.00})</dd>
            </dl>
            <h2>Over time</h2>
            <div class="charts">
            <figure><figcaption id="cap-parallax">Parallax near and far (% of width; negative = in front of the screen)</figcaption><div class="plot"><canvas id="chart-parallax" role="img" aria-labelledby="cap-parallax"></canvas></div></figure>
            <figure><figcaption id="cap-budget">Depth budget, far − near (% of width)</figcaption><div class="plot"><canvas id="chart-budget" role="img" aria-labelledby="cap-budget"></canvas></div></figure>
            <figure><figcaption id="cap-window">Stereo window violations (share of the edge band in front of the screen)</figcaption><div class="plot"><canvas id="chart-window" role="img" aria-labelledby="cap-window"></canvas></div></figure>
            <figure><figcaption id="cap-disocclusion">Disoccluded area (% of the right view)</figcaption><div class="plot"><canvas id="chart-disocclusion" role="img" aria-labelledby="cap-disocclusion"></canvas></div></figure>
            <figure><figcaption id="cap-flicker">Right-view flicker (warping error beyond the left view's, luma 0–255)</figcaption><div class="plot"><canvas id="chart-flicker" role="img" aria-labelledby="cap-flicker"></canvas></div></figure>
            </div>

            """);
        AppendShots(html, report);
        AppendViolations(html, report);
        AppendSeams(html, report);
        html.Append("</main>\n<script id=\"qc-data\" type=\"application/json\">").Append(json).Append("</script>\n<script>")
            .Append(ChartJs.Value).Append("</script>\n<script>").Append(PlotScript).Append("</script>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendShots(StringBuilder html, StereoQualityReport report)
    {
        html.Append("<h2>Shots</h2>\n<table id=\"shots\">\n<caption>Per shot; flagged shots highlighted. Parallax in % of width.</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Shot</th><th scope=\"col\">Frames</th><th scope=\"col\">Analysed</th><th scope=\"col\">Near</th><th scope=\"col\">Far</th><th scope=\"col\">Budget</th>")
            .Append("<th scope=\"col\">Window L</th><th scope=\"col\">Window R</th><th scope=\"col\">Disocclusion</th><th scope=\"col\">Flicker</th><th scope=\"col\">Violations</th></tr></thead>\n<tbody>\n");
        foreach (var s in report.Shots)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr{(s.Flagged ? " class=\"flagged\"" : "")}><td>{s.Index}</td><td>{s.Start}–{s.End - 1}</td><td>{s.FramesAnalysed}</td><td>{s.NearPercent:0.00}</td><td>{s.FarPercent:0.00}</td><td>{s.MaxBudgetPercent:0.00}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{s.MaxWindowLeft * 100:F0}%</td><td>{s.MaxWindowRight * 100:F0}%</td><td>{s.MeanDisocclusionPercent:0.0}%</td><td>{s.MaxFlicker:0.00}</td><td>{E(string.Join(", ", s.ViolationKinds))}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendViolations(StringBuilder html, StereoQualityReport report)
    {
        html.Append("<h2>Violations</h2>\n");
        if (report.Violations.Count == 0)
        {
            html.Append("<p>None.</p>\n");
            return;
        }

        html.Append("<table id=\"violations\">\n<caption>Runs of analysed frames over a limit (frames inclusive).</caption>\n<thead><tr><th scope=\"col\">Kind</th><th scope=\"col\">Shot</th><th scope=\"col\">Frames</th><th scope=\"col\">Worst</th><th scope=\"col\">Limit</th></tr></thead>\n<tbody>\n");
        foreach (var v in report.Violations)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"flagged\"><td>{E(v.Kind)}</td><td>{v.Shot}</td><td>{v.StartFrame}–{v.EndFrame}</td><td>{v.Worst:0.###}</td><td>{v.Limit:0.###}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendSeams(StringBuilder html, StereoQualityReport report)
    {
        if (report.Seams.Count == 0)
        {
            return;
        }

        html.Append("<h2>Segment seams</h2>\n<table id=\"seams\">\n<caption>Steps at the frames where rendered segments meet, against the shot's typical step.</caption>\n")
            .Append("<thead><tr><th scope=\"col\">Frame</th><th scope=\"col\">Shot</th><th scope=\"col\">Right-view step</th><th scope=\"col\">Typical</th><th scope=\"col\">Parallax step (%)</th><th scope=\"col\">Typical</th></tr></thead>\n<tbody>\n");
        foreach (var s in report.Seams)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr{(s.Flagged ? " class=\"flagged\"" : "")}><td>{s.Frame}</td><td>{s.Shot}</td><td>{s.ViewStep:0.00}</td><td>{s.TypicalViewStep:0.00}</td><td>{s.ParallaxStep:0.000}</td><td>{s.TypicalParallaxStep:0.000}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>Draws the plots from the inlined JSON; points over a limit are drawn red.</summary>
    private const string PlotScript = """
        (function () {
          const report = JSON.parse(document.getElementById('qc-data').textContent);
          const t = report.thresholds;
          const fps = report.frameRate > 0 ? report.frameRate : 1;
          const frames = report.frames;
          const at = f => f.frame / fps;
          const series = (value) => frames.filter(f => value(f) !== null && value(f) !== undefined).map(f => ({ x: at(f), y: value(f), frame: f.frame }));
          const limitLine = (label, y) => ({ label, data: frames.length ? [{ x: at(frames[0]), y }, { x: at(frames[frames.length - 1]), y }] : [],
            borderColor: '#b91c1c', borderDash: [6, 4], borderWidth: 1.5, pointRadius: 0, fill: false });
          const over = (p, limit, above) => limit !== undefined && (above ? p.y > limit : p.y < limit);
          const line = (label, data, colour, limit, above) => ({ label, data, borderColor: colour, backgroundColor: colour, borderWidth: 1.5,
            pointRadius: data.map(p => over(p, limit, above) ? 3 : 2),
            pointBackgroundColor: data.map(p => over(p, limit, above) ? '#dc2626' : colour),
            pointBorderColor: data.map(p => over(p, limit, above) ? '#dc2626' : colour) });
          const plot = (id, datasets, yTitle) => new Chart(document.getElementById(id), {
            type: 'line', data: { datasets },
            options: { animation: false, maintainAspectRatio: false, parsing: true, interaction: { mode: 'nearest', intersect: false },
              scales: { x: { type: 'linear', title: { display: true, text: 'time (s)' } }, y: { title: { display: true, text: yTitle } } },
              plugins: { tooltip: { callbacks: { title: items => items.length ? 'frame ' + (items[0].raw.frame ?? '') + ' · ' + items[0].parsed.x.toFixed(2) + ' s' : '' } } } }
          });
          plot('chart-parallax', [
            line('near', series(f => f.nearPercent), '#2563eb'),
            line('far', series(f => f.farPercent), '#059669', t.farLimitPercent, true),
            limitLine('far limit (eye separation)', t.farLimitPercent),
            { label: 'screen plane', data: frames.length ? [{ x: at(frames[0]), y: 0 }, { x: at(frames[frames.length - 1]), y: 0 }] : [], borderColor: '#6b7280', borderWidth: 1, pointRadius: 0 }
          ], '% of width');
          plot('chart-budget', [line('budget', series(f => f.farPercent - f.nearPercent), '#7c3aed', t.budgetLimitPercent, true), limitLine('comfort limit', t.budgetLimitPercent)], '% of width');
          plot('chart-window', [line('left edge', series(f => f.windowLeft), '#ea580c', t.windowShareLimit, true), line('right edge', series(f => f.windowRight), '#0891b2', t.windowShareLimit, true), limitLine('limit', t.windowShareLimit)], 'share of edge band');
          plot('chart-disocclusion', [line('disoccluded', series(f => f.disocclusionPercent), '#ca8a04', t.disocclusionLimitPercent, true), limitLine('limit', t.disocclusionLimitPercent)], '% of right view');
          plot('chart-flicker', [line('flicker', series(f => f.flicker), '#db2777', t.flickerLimit, true), limitLine('limit', t.flickerLimit)], 'luma (0–255)');
        })();
        """;
}
