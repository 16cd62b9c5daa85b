using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using k8s.Models;
using SpatialMe.Media;
using SpatialMe.Testing;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// The chart boots a working farm: the silo and web containers run as local processes exactly as the chart renders
/// them (<see cref="ChartProcess"/>), against a real redis-server and Azurite, and a real clip submitted through the
/// web API with the chart's token comes out converted. This proves that what the chart configures — arguments, the
/// environment, Secrets, the ConfigMap, ports, probes — is what the program understands.
/// </summary>
public sealed class ChartBootsFarmTests
{
    [Fact]
    public async Task A_clip_submitted_through_the_web_api_of_the_rendered_chart_comes_out_converted()
    {
        using var dir = new TempDirectory();
        using var azurite = await AzuriteServer.StartAsync();
        using var redis = await RedisServer.StartAsync();
        var service = new BlobServiceClient(azurite.ConnectionString);
        var films = service.GetBlobContainerClient(AzuriteServer.NewContainerName());
        await films.CreateAsync();
        await films.GetBlobClient("city-night.mp4").UploadAsync(FarmClips.CityNight);
        string Blob(string name) => new BlobUriBuilder(films.Uri) { BlobName = name }.ToUri().AbsoluteUri;

        // The operator's values: Secrets for Redis and the blob account (created by the test, as an operator would with
        // kubectl), the account's endpoint, a token for the chart to keep, one pod of each kind.
        var token = "test-" + Guid.NewGuid().ToString("N");
        var values = dir.File("values.yaml");
        File.WriteAllText(values, $"""
            redis:
              external:
                existingSecret: test-redis
            blob:
              accountUrl: {service.Uri.AbsoluteUri.TrimEnd('/')}
              connectionString:
                existingSecret: test-blob
              containers:
                media: {AzuriteServer.NewContainerName()}
            apiToken:
              value: {token}
            cpuSilo:
              replicas: 1
            web:
              replicas: 1
            gpuPools:
              - name: test
                replicas: 1
                gpusPerPod: 1
                gpuSlots: 1
            """);
        var objects = Manifests.Parse(Helm.Template("r", [values]));
        var secrets = new Dictionary<(string, string), string>
        {
            [("test-redis", "connection-string")] = redis.ConnectionString,
            [("test-blob", "connection-string")] = azurite.ConnectionString,
        };

        var deployments = objects.OfType<V1Deployment>().ToDictionary(d => d.Metadata.Name);
        var processes = new List<ChartProcess>();
        try
        {
            // Silos first (the CPU silo holds the coordinator), then the web host; each ready by its own probe.
            foreach (var name in new[] { "r-spatialme-farm-silo-cpu", "r-spatialme-farm-silo-gpu-test", "r-spatialme-farm-web" })
            {
                for (var replica = 0; replica < deployments[name].Spec.Replicas; replica++)
                {
                    var process = ChartProcess.Start(deployments[name], replica, objects, secrets);
                    processes.Add(process);
                    await process.WaitReadyAsync(TimeSpan.FromMinutes(3));
                }
            }

            var web = processes.Single(p => p.Container.Name == "web");
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{web.Ports["http"].ToString(CultureInfo.InvariantCulture)}") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var submitted = await http.PostAsJsonAsync("/api/v1/jobs", new
            {
                input = Blob("city-night.mp4"),
                output = Blob("out/city-night-sbs.mp4"),
                format = "full-sbs",
                segmentFrames = 12,
                overlap = 4,
                preset = "veryfast",
            });
            Assert.True(submitted.StatusCode == HttpStatusCode.Created, $"{submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync()}");
            var id = JsonDocument.Parse(await submitted.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;

            var state = string.Empty;
            var job = string.Empty;
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(8);
            while (DateTime.UtcNow < deadline && state is not ("done" or "failed" or "cancelled"))
            {
                await Task.Delay(1000);
                job = await http.GetStringAsync($"/api/v1/jobs/{id}");
                state = JsonDocument.Parse(job).RootElement.GetProperty("state").GetString()!;
            }

            Assert.True(state == "done", $"job {id} is {state}: {job}\n" + string.Join("\n", processes.Select(p => $"--- {p.Name}: {p.CommandLine}\n{p.Log}")));

            var output = dir.File("out.mp4");
            await films.GetBlobClient("out/city-night-sbs.mp4").DownloadToAsync(output);
            var video = await VideoProbe.ProbeAsync(output);
            Assert.Equal(FarmClips.Frames, video.FrameCount);
            Assert.Equal(2 * 256, video.Width);
            Assert.Equal(144, video.Height);

            // The account key the chart passed through a Secret appears in no process's output.
            Assert.All(processes, p => Assert.DoesNotContain(AzuriteServer.AccountKey, p.Log, StringComparison.Ordinal));
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Dispose();
            }
        }
    }
}
