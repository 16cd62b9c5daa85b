using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary>Every job gets a stereo QC report once done: its state on the job, the JSON and the HTML page through the API.</summary>
public sealed class QualityApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    [Fact]
    public async Task A_converted_job_has_its_qc_report_from_the_api_and_409_before()
    {
        // A textured 2D clip (the left views of two planes) converted to full side-by-side by the real farm.
        var input = new StereoPlanes(192, 108, 0, 0, 0, 30, 60, 40) { PanPerFrame = 1 }.WriteLeftView(farm.Media, 25, "qc-clip");
        var output = Path.Combine(farm.Media, "qc-clip.sbs.mp4");
        using var http = farm.Client();
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output, format = "full-sbs" });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Before the job is done there is no report: a 409 problem that says why.
        var early = await http.GetAsync($"/api/v1/jobs/{id}/qc");
        if (early.StatusCode != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
            Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
            var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains(id, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains(problem.GetProperty("qcState").GetString(), new[] { "none", "pending" });
        }

        // The job is done when its output is published; its QC follows on the stitcher's silo.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        JsonElement job;
        do
        {
            await Task.Delay(250);
            job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
        }
        while (!(job.GetProperty("state").GetString() is "done" or "failed" && job.GetProperty("qc").ValueKind == JsonValueKind.Object && job.GetProperty("qc").GetProperty("state").GetString() != "pending")
               && DateTime.UtcNow < deadline);

        Assert.True(job.GetProperty("state").GetString() == "done", job.ToString());
        var qc = job.GetProperty("qc");
        Assert.True(qc.GetProperty("state").GetString() == "done", qc.ToString());

        var response = await http.GetAsync($"/api/v1/jobs/{id}/qc");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var report = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(id, report.GetProperty("jobId").GetString());
        Assert.Equal("full-sbs", report.GetProperty("layout").GetString());
        Assert.Equal(25, report.GetProperty("frameCount").GetInt32());
        Assert.Equal(192, report.GetProperty("viewWidth").GetInt32());
        Assert.Equal(qc.GetProperty("flagged").GetBoolean(), report.GetProperty("flagged").GetBoolean());
        Assert.Equal(qc.GetProperty("violations").GetInt32(), report.GetProperty("violationCount").GetInt32());

        // The converter's default strength (divergence 2%, convergence 0.5) puts the parallax within ±1% of the width.
        var title = report.GetProperty("title");
        Assert.InRange(title.GetProperty("nearPercent").GetDouble(), -1.5, 0.2);
        Assert.InRange(title.GetProperty("farPercent").GetDouble(), -0.2, 1.5);

        var page = await http.GetAsync($"/api/v1/jobs/{id}/qc.html");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<canvas id=\"chart-parallax\"", html, StringComparison.Ordinal);
        Assert.Contains(id, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_qc_of_an_unknown_job_is_a_404_problem_and_reads_need_the_token()
    {
        using var http = farm.Client();
        var unknown = await http.GetAsync("/api/v1/jobs/no-such-job/qc");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        using var none = farm.Client(token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await none.GetAsync("/api/v1/jobs/no-such-job/qc.html")).StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_qc_routes()
    {
        using var http = farm.Client(token: null);
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/jobs/{id}/qc").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/jobs/{id}/qc.html").TryGetProperty("get", out _));
    }
}
