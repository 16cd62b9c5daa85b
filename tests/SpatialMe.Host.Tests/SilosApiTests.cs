using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Host.Tests;

/// <summary><c>GET /api/v1/silos</c> after a real conversion: what each silo reports of itself.</summary>
public sealed class SilosApiTests(WebFarm farm) : IClassFixture<WebFarm>
{
    [Fact]
    public async Task After_a_job_the_silo_shows_its_role_slots_throughput_and_version()
    {
        using var http = farm.Client();
        var input = TestClips.Create(farm.Media, width: 160, height: 120, seconds: 1, name: "silos-clip");
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output = Path.Combine(farm.Media, "silos-clip.sbs.mp4") });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        // The rate is over the last 30 s: sample it while the job runs (a loaded machine may stitch for longer than that).
        var fastest = 0.0;
        var fastestDepth = 0.0;
        while ((await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString() is "queued" or "running" && DateTime.UtcNow < deadline)
        {
            var now = (await http.GetFromJsonAsync<JsonElement>("/api/v1/silos")).EnumerateArray().Single();
            fastest = Math.Max(fastest, now.GetProperty("framesPerSecond").GetDouble());
            fastestDepth = Math.Max(fastestDepth, now.GetProperty("depthFramesPerSecond").GetDouble());
            await Task.Delay(250);
        }

        // Silos report every 2 s: wait for a report that counts the job's frames.
        JsonElement silo;
        do
        {
            await Task.Delay(500);
            silo = (await http.GetFromJsonAsync<JsonElement>("/api/v1/silos")).EnumerateArray().Single();
        }
        while (silo.GetProperty("framesRendered").ValueKind != JsonValueKind.Number || silo.GetProperty("framesRendered").GetInt64() < 25 && DateTime.UtcNow < deadline);

        Assert.Equal("active", silo.GetProperty("status").GetString());
        Assert.Equal("cpu", silo.GetProperty("role").GetString()); // the embedded silo is a CPU silo with CPU fallback
        Assert.Equal(1, silo.GetProperty("gpuSlots").GetInt32());
        Assert.InRange(silo.GetProperty("busySlots").GetInt32(), 0, 1);
        Assert.InRange(silo.GetProperty("framesRendered").GetInt64(), 25, 1000); // 25 output frames (overlaps render twice)
        Assert.InRange(Math.Max(fastest, silo.GetProperty("framesPerSecond").GetDouble()), 25.0 / 30, 10_000);
        Assert.InRange(Math.Max(fastestDepth, silo.GetProperty("depthFramesPerSecond").GetDouble()), 25.0 / 30, 10_000);
        Assert.False(string.IsNullOrWhiteSpace(silo.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(silo.GetProperty("address").GetString()));
    }
}
