using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary>The dashboard in a real browser over a real embedded farm: what a studio operator does with it.</summary>
public sealed class DashboardTests(WebFarm farm, Browser browser) : IClassFixture<WebFarm>, IClassFixture<Browser>
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task Page_and_its_files_are_served_with_a_strict_content_security_policy()
    {
        using var http = farm.Client(token: null);
        var page = await http.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);

        var chart = await http.GetAsync("/dashboard/chart.umd.min.js");
        Assert.Equal(HttpStatusCode.OK, chart.StatusCode);
        Assert.Contains("Chart.js v4.6.1", await chart.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var etag = chart.Headers.ETag!;
        using var again = new HttpRequestMessage(HttpMethod.Get, "/dashboard/chart.umd.min.js");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);

        var missing = await http.GetAsync("/dashboard/nope.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Orleans_dashboard_is_mounted_at_orleans_behind_the_token()
    {
        using var none = farm.Client(token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/orleans/DashboardCounters")).StatusCode);

        // A browser opening the page has no header: the session cookie (set by a call with the token) lets it in.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = farm.BaseAddress };
        using (var session = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events/session"))
        {
            session.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", WebFarm.Token);
            Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(session)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/orleans/")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/jobs")).StatusCode); // the cookie opens only those reads

        using var http = farm.Client();
        var page = await http.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<html", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The grain statistics come from the farm's silo: the coordinator (woken by a listing) shows once the silo reports.
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/jobs")).StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        string counters;
        do
        {
            var response = await http.GetAsync("/orleans/DashboardCounters");
            counters = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && counters.Contains("CoordinatorGrain", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(500);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Contains("totalActiveHostCount", counters, StringComparison.Ordinal);
        Assert.Contains("CoordinatorGrain", counters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Operator_submits_a_clip_watches_it_finish_live_and_cancels_another()
    {
        var (page, problems) = await browser.OpenAsync(farm.BaseAddress);
        await page.GotoAsync("/");
        await page.GetByLabel("API token").FillAsync(WebFarm.Token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use" }).ClickAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");

        // Submit a real clip (the README's sample: 4 s of city footage with a cut) from the form; its row appears and
        // its progress bar moves and reaches 100% through events.
        var input = Path.Combine(farm.Media, "city-night.mp4");
        File.Copy(FarmClips.CityNight, input, overwrite: true);
        await page.GetByLabel("Input").FillAsync(input);
        await page.GetByLabel("Output").FillAsync(Path.Combine(farm.Media, "city-night.sbs.mp4"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var row = page.Locator("#jobs tbody tr", new() { HasText = "city-night" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await page.WaitForFunctionAsync(
            "() => { const r = document.querySelector('#jobs tbody tr'); const p = r && r.querySelector('progress'); return p && (Number(p.value) >= 30 || r.dataset.state !== 'running'); }",
            null, new() { Timeout = (float)JobTimeout.TotalMilliseconds });
        await Screenshots.TakeAsync(page, "dashboard-jobs-running");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "done", new() { Timeout = (float)JobTimeout.TotalMilliseconds });
        Assert.Equal("100", await row.Locator("progress").GetAttributeAsync("value"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"), "the page reloaded instead of following events");

        // A second job waits behind a long one (the farm runs one job at a time) and is cancelled from its row.
        var longInput = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 8, name: "dash-long");
        var shortInput = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "dash-cancel");
        using var http = farm.Client();
        var running = await (await http.PostAsJsonAsync("/api/v1/jobs", new { input = longInput, output = Path.Combine(farm.Media, "dash-long.sbs.mp4") })).Content.ReadFromJsonAsync<JsonElement>();
        await http.PostAsJsonAsync("/api/v1/jobs", new { input = shortInput, output = Path.Combine(farm.Media, "dash-cancel.sbs.mp4") });
        var queued = page.Locator("#jobs tbody tr", new() { HasText = "dash-cancel" });
        await Assertions.Expect(queued).ToHaveCountAsync(1);
        await queued.GetByRole(AriaRole.Button, new() { Name = "Cancel dash-cancel.mp4" }).ClickAsync();
        await Assertions.Expect(queued).ToHaveAttributeAsync("data-state", "cancelled");
        await http.PostAsync($"/api/v1/jobs/{running.GetProperty("id").GetString()}/cancel", null);

        // The finished job's page: figures, a timeline drawn from its segments, and its QC plots.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.Locator("h2")).ToContainTextAsync("city-night");
        await Assertions.Expect(page.Locator("#job-percent")).ToHaveTextAsync("100%");
        Assert.True(await ChartHasDataAsync(page, "#segments-chart"), "the segments timeline is empty");
        Assert.True(await ChartHasDataAsync(page, "#silos-chart"), "the silo timeline is empty");
        await Screenshots.TakeAsync(page, "dashboard-job", fullPage: true);
        await page.GotoAsync("/#/cluster");
        await Assertions.Expect(page.Locator("#silos tbody tr")).Not.ToHaveCountAsync(0);
        // The cluster's history comes from the farm (sampled every 5 s since it started), not from this page's events.
        Assert.True(await ChartHasDataAsync(page, "#slots-chart"), "the GPU slot chart is empty");
        Assert.True(await ChartHasDataAsync(page, "#throughput-chart"), "the throughput chart is empty");
        Assert.True(await page.EvaluateAsync<bool>("() => Chart.getChart(document.querySelector('#throughput-chart')).data.datasets.some(d => d.data.some(p => p.y > 0))"),
            "the throughput chart shows no work, though the sample clip was converted minutes ago");
        var points = await PointsAsync(page, "#slots-chart");
        await page.WaitForFunctionAsync(
            "([s, n]) => Chart.getChart(document.querySelector(s)).data.datasets.every(d => d.data.length > n)",
            new object[] { "#slots-chart", points },
            new() { Timeout = 30_000 }); // a cluster.sample event adds a point without a reload
        await Screenshots.TakeAsync(page, "dashboard-cluster");

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The data points of the first series of the Chart.js chart on <paramref name="selector"/>.</summary>
    private static Task<int> PointsAsync(IPage page, string selector) =>
        page.EvaluateAsync<int>("s => Chart.getChart(document.querySelector(s)).data.datasets[0].data.length", selector);

    /// <summary>Whether the Chart.js chart on <paramref name="selector"/> was drawn with at least one data point.</summary>
    private static async Task<bool> ChartHasDataAsync(IPage page, string selector)
    {
        await page.WaitForFunctionAsync(
            "s => { const c = window.Chart && Chart.getChart(document.querySelector(s)); return !!c && c.data.datasets.some(d => d.data.length > 0); }",
            selector,
            new() { Timeout = 30_000 });
        return true;
    }
}
