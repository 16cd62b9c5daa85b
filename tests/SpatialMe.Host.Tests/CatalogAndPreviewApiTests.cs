using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Media;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary>Catalogs over HTTP, a job's preview frame, and the attempt history its segments report.</summary>
public sealed class CatalogAndPreviewApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    [Fact]
    public async Task Catalog_submitted_over_http_converts_its_good_title_fails_its_bad_row_and_leaves_a_preview()
    {
        using var http = farm.Client();
        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "cat-a");
        var output = Path.Combine(farm.Media, "cat-a.sbs.mp4");
        var manifest = $"id,input,output,format\nfilm-a,{input},{output},full-sbs\nfilm-b,{input},/elsewhere/b.mp4,full-sbs\n";

        var submitted = await http.PostAsJsonAsync("/api/v1/catalogs", new { id = "spring", manifest });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal("/api/v1/catalogs/spring", submitted.Headers.Location?.OriginalString);
        var catalog = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, catalog.GetProperty("total").GetInt32());
        var bad = catalog.GetProperty("titles").EnumerateArray().Single(t => t.GetProperty("line").GetInt32() == 3);
        Assert.Equal("failed", bad.GetProperty("state").GetString());
        Assert.Contains("output", bad.GetProperty("error").GetString(), StringComparison.Ordinal);

        var listed = await http.GetFromJsonAsync<JsonElement>("/api/v1/catalogs");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == "spring");

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        JsonElement good;
        do
        {
            await Task.Delay(250);
            catalog = await http.GetFromJsonAsync<JsonElement>("/api/v1/catalogs/spring");
            good = catalog.GetProperty("titles").EnumerateArray().Single(t => t.GetProperty("id").GetString() == "film-a");
        }
        while (good.GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.True(good.GetProperty("state").GetString() == "done", catalog.ToString());
        Assert.Equal("failed", catalog.GetProperty("state").GetString()); // one title failed: the catalog is not all done
        Assert.Equal(1, catalog.GetProperty("done").GetInt32());
        Assert.True(File.Exists(output));
        var jobId = good.GetProperty("jobId").GetString()!;

        // The job's latest rendered frame: side by side at the asked width (aspect kept), or as an anaglyph.
        var sbs = await http.GetAsync($"/api/v1/jobs/{jobId}/preview?width=320");
        Assert.Equal(HttpStatusCode.OK, sbs.StatusCode);
        Assert.Equal("image/jpeg", sbs.Content.Headers.ContentType?.MediaType);
        var picture = ImageFiles.DecodeRgb(await sbs.Content.ReadAsByteArrayAsync(), "preview");
        Assert.Equal((320, 120), (picture.Width, picture.Height)); // two 160×120 eyes side by side, halved
        var anaglyph = ImageFiles.DecodeRgb(await http.GetByteArrayAsync($"/api/v1/jobs/{jobId}/preview?format=anaglyph&width=160"), "anaglyph");
        Assert.Equal((160, 120), (anaglyph.Width, anaglyph.Height));

        // Every segment reports its attempts: depth then render, on a named silo, started before finished, succeeded.
        var segments = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{jobId}/segments");
        foreach (var segment in segments.EnumerateArray())
        {
            var history = segment.GetProperty("history").EnumerateArray().ToList();
            Assert.Equal(["depth", "render"], history.Select(a => a.GetProperty("phase").GetString()));
            Assert.All(history, a =>
            {
                Assert.Equal("succeeded", a.GetProperty("outcome").GetString());
                Assert.False(string.IsNullOrEmpty(a.GetProperty("silo").GetString()));
                Assert.True(a.GetProperty("startedAt").GetDateTimeOffset() <= a.GetProperty("finishedAt").GetDateTimeOffset());
            });
            Assert.True(segment.GetProperty("renderSeconds").GetDouble() > 0);
        }
    }

    [Fact]
    public async Task Bad_catalogs_and_preview_requests_are_problems_naming_the_field()
    {
        using var http = farm.Client();
        var strict = await http.PostAsJsonAsync("/api/v1/catalogs", new { id = "strict-one", manifest = "id,input,output\nx,relative.mp4,/y.mp4\n", strict = true });
        Assert.Equal(HttpStatusCode.BadRequest, strict.StatusCode);
        var problem = await strict.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("manifest", problem.GetProperty("field").GetString());
        Assert.Equal(2, problem.GetProperty("errors")[0].GetProperty("line").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/catalogs/strict-one")).StatusCode);

        var noId = await http.PostAsJsonAsync("/api/v1/catalogs", new { manifest = "id,input,output\n" });
        Assert.Equal("id", (await noId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var badId = await http.PostAsJsonAsync("/api/v1/catalogs", new { id = "a/b", manifest = "id,input,output\n" });
        Assert.Equal("id", (await badId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var typo = await http.PostAsJsonAsync("/api/v1/catalogs", new { id = "c", manifestt = "" });
        Assert.Equal(HttpStatusCode.BadRequest, typo.StatusCode);

        var unknown = await http.GetAsync("/api/v1/catalogs/never-submitted");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/v1/catalogs/never-submitted/cancel", null)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/v1/jobs/no-such-job/preview")).StatusCode);
        var format = await http.GetAsync("/api/v1/jobs/no-such-job/preview?format=sideways");
        Assert.Equal("format", (await format.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        var width = await http.GetAsync("/api/v1/jobs/no-such-job/preview?width=9");
        Assert.Equal("width", (await width.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
