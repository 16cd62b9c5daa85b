using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// The web host in the processes that carry it besides `spatialme web` (WebClientEventsTests): `spatialme serve`, the
/// one-machine farm, and `spatialme silo --web`, a cluster silo serving the API — each configured from a config file,
/// whose API token guards the calls.
/// </summary>
public sealed class WebHostCommandsTests
{
    [Fact]
    public async Task Serve_takes_its_api_token_and_allowed_roots_from_the_config_file_and_runs_a_job_to_done()
    {
        using var dir = new TempDirectory();
        var root = Directory.CreateDirectory(dir.File("films")).FullName;
        var config = dir.File("farm.json");
        const string token = "serve-config-token-81c2aa";
        File.WriteAllText(config, JsonSerializer.Serialize(new { apiToken = token, farm = new { allowedRoots = new[] { root } } }));
        using var web = await WebProcess.StartAsync(["serve", "--config", config, "--store", dir.File("store")]);
        using var http = web.Client();
        Assert.DoesNotContain(token, web.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("no API token", web.Log, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/jobs")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-" + token);
        Assert.Equal(HttpStatusCode.Forbidden, (await http.GetAsync("/api/v1/jobs")).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/v1/jobs")).StatusCode);

        var input = TestClips.Create(root, width: 160, height: 120, seconds: 1, name: "serve-config");
        var outside = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output = dir.File("outside.sbs.mp4") });
        Assert.Equal(HttpStatusCode.BadRequest, outside.StatusCode);
        Assert.Contains("allowed", await outside.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        var output = Path.Combine(root, "serve-config.sbs.mp4");
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync() + web.Log);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        string? state;
        do
        {
            await Task.Delay(500);
            state = (await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}")).GetProperty("state").GetString();
        }
        while (state is "queued" or "running" && DateTime.UtcNow < deadline);

        Assert.True(state == "done", $"{state}\n{web.Log}");
        Assert.Equal(25, TestClips.CountDecodedFrames(output));
    }

    [Fact]
    public async Task A_cluster_silo_with_web_serves_the_api_and_dashboard_with_the_config_files_token()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var config = dir.File("farm.json");
        const string token = "silo-web-config-token-4e7d01";
        File.WriteAllText(config, JsonSerializer.Serialize(new { apiToken = token }));
        var port = RedisServer.FreePort();
        using var silo = await SiloProcess.StartAsync(
            redis.ConnectionString, dir.File("media"), "gpu",
            new Dictionary<string, string> { ["SPATIALME_CONFIG"] = config },
            ["--web", $"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}") };
        await silo.WaitForLineAsync("web host ready on", 0, TimeSpan.FromMinutes(1));

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/silos")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/")).StatusCode); // the dashboard's page itself is static
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var silos = await http.GetFromJsonAsync<JsonElement>("/api/v1/silos");
        var only = Assert.Single(silos.EnumerateArray());
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"127.0.0.1:{silo.SiloPort}:"), only.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal("gpu", only.GetProperty("role").GetString());
        Assert.DoesNotContain(token, silo.Log, StringComparison.Ordinal);
    }
}
