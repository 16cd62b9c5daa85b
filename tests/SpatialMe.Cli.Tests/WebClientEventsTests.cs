using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// `spatialme web` as its own client process joined to a cluster (redis-server, a `spatialme silo` process): the
/// live events reach it from the silo's grains through its grain observer, the silos view carries the silo's report, and
/// `spatialme status --json` prints the API's own job and segment documents.
/// </summary>
public sealed class WebClientEventsTests
{
    private const string Token = "cli-web-events-token-5d1f9e";

    [Fact]
    public async Task A_web_client_process_streams_a_jobs_events_to_done_lists_the_silos_report_and_answers_as_the_cli_does()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        using var silo = await SiloProcess.StartAsync(redis.ConnectionString, dir.File("media"), "gpu");
        using var web = await WebProcess.StartAsync(["web", "--redis", redis.ConnectionString], new Dictionary<string, string> { ["SPATIALME_API_TOKEN"] = Token });
        using var http = web.Client();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);

        using var stream = await http.GetAsync("/api/v1/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

        var input = TestClips.Create(dir.Path, width: 160, height: 120, seconds: 1, name: "web-events");
        var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new { input, output = dir.File("web-events.sbs.mp4") });
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync() + web.Log);
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var types = new List<string>();
        var ids = new List<long>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        string? type = null;
        while (await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                ids.Add(long.Parse(line[4..], CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var data = JsonDocument.Parse(line[6..]).RootElement;
                if (data.TryGetProperty("job", out var job) && job.GetString() == id)
                {
                    types.Add(type!);
                    if (type == "job.state" && data.GetProperty("state").GetString() is "done" or "failed")
                    {
                        Assert.True(data.GetProperty("state").GetString() == "done", data + silo.Log);
                        break;
                    }
                }
            }
        }

        Assert.Contains("job.progress", types);
        Assert.Contains("segment.stage", types);
        Assert.Equal("job.state", types[^1]);
        Assert.True(ids.Zip(ids.Skip(1)).All(p => p.Second > p.First), string.Join(" ", ids));

        var silos = await http.GetFromJsonAsync<JsonElement>("/api/v1/silos");
        var only = Assert.Single(silos.EnumerateArray());
        Assert.Equal("gpu", only.GetProperty("role").GetString());
        Assert.Equal(1, only.GetProperty("gpuSlots").GetInt32());
        Assert.False(string.IsNullOrEmpty(only.GetProperty("version").GetString()));

        // The CLI's client commands give the API's answers: the same documents, field for field, once the job and its
        // QC are settled (the list follows the coordinator's tick, so it is compared once it has caught up).
        var settled = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        JsonElement api;
        while (true)
        {
            api = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}");
            var listed = await http.GetFromJsonAsync<JsonElement>("/api/v1/jobs");
            var item = listed.GetProperty("items").EnumerateArray().Single(j => j.GetProperty("id").GetString() == id);
            if (api.GetProperty("qc").ValueKind == JsonValueKind.Object && api.GetProperty("qc").GetProperty("state").GetString() == "done"
                && JsonElement.DeepEquals(api, item))
            {
                break;
            }

            Assert.True(DateTime.UtcNow < settled, $"the job's QC or the job list did not settle: {api} / {item}");
            await Task.Delay(500);
        }

        var cliJob = CliRunner.Run("status", id, "--json", "--redis", redis.ConnectionString);
        Assert.True(cliJob.ExitCode == 0, cliJob.All);
        Assert.True(JsonElement.DeepEquals(api, JsonDocument.Parse(cliJob.Stdout).RootElement), $"CLI {cliJob.Stdout} vs API {api}");

        var cliSegments = CliRunner.Run("status", id, "--segments", "--json", "--redis", redis.ConnectionString);
        Assert.True(cliSegments.ExitCode == 0, cliSegments.All);
        var apiSegments = await http.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}/segments");
        Assert.NotEqual(0, apiSegments.GetArrayLength());
        Assert.True(JsonElement.DeepEquals(apiSegments, JsonDocument.Parse(cliSegments.Stdout).RootElement), $"CLI {cliSegments.Stdout} vs API {apiSegments}");

        var cliList = CliRunner.Run("status", "--json", "--redis", redis.ConnectionString);
        Assert.True(cliList.ExitCode == 0, cliList.All);
        var apiList = (await http.GetFromJsonAsync<JsonElement>("/api/v1/jobs")).GetProperty("items");
        Assert.True(JsonElement.DeepEquals(apiList, JsonDocument.Parse(cliList.Stdout).RootElement), $"CLI {cliList.Stdout} vs API {apiList}");
    }
}
