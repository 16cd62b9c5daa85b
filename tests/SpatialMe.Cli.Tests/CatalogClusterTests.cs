using System.Text.Json;
using Azure.Storage.Blobs;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// A studio's catalog on the cluster profile with real processes: redis-server, Azurite for blob inputs, outputs and
/// the shared media store, and `spatialme silo` processes (one CPU, two GPU).
/// </summary>
public sealed class CatalogClusterTests
{
    [Fact]
    public async Task A_catalog_of_blob_titles_on_three_silos_matches_the_embedded_profile_and_its_bad_titles_fail_with_reasons()
    {
        using var dir = new TempDirectory();
        using var azurite = await AzuriteServer.StartAsync();
        using var redis = await RedisServer.StartAsync();
        var service = new BlobServiceClient(azurite.ConnectionString);
        var films = service.GetBlobContainerClient(AzuriteServer.NewContainerName());
        await films.CreateAsync();
        await films.GetBlobClient("city night.mp4").UploadAsync(FarmClips.CityNight);
        var bytes = File.ReadAllBytes(FarmClips.CityNight);
        await films.GetBlobClient("corrupt.mp4").UploadAsync(new BinaryData(bytes.Take(4096).Concat(new byte[8192]).ToArray()));
        string Blob(string name) => new BlobUriBuilder(films.Uri) { BlobName = name }.ToUri().AbsoluteUri;

        var env = new Dictionary<string, string> { ["SPATIALME_BLOB"] = azurite.ConnectionString };
        var media = new BlobUriBuilder(service.Uri) { BlobContainerName = AzuriteServer.NewContainerName() }.ToUri().AbsoluteUri;
        using var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu", env);
        using var gpu1 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu", env);
        using var gpu2 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu", env);

        var manifest = dir.File("spring.csv");
        File.WriteAllLines(manifest,
        [
            "id,input,output,format,priority,segment-frames,overlap,preset",
            $"sbs,{Blob("city night.mp4")},{Blob("out/sbs.mp4")},full-sbs,0,12,4,veryfast",
            $"tv,{Blob("city night.mp4")},{Blob("out/tv.mp4")},half-sbs,1,12,4,veryfast",
            $"tab,{Blob("city night.mp4")},{dir.File("tab.mp4")},half-tb,0,12,4,veryfast",
            $"corrupt,{Blob("corrupt.mp4")},{Blob("out/corrupt.mp4")},full-sbs,0,12,4,veryfast",
            $"missing,{Blob("no such film.mp4")},{Blob("out/missing.mp4")},full-sbs,0,12,4,veryfast",
            $"bad,{Blob("city night.mp4")},{Blob("out/bad.mp4")},cinema,0,12,4,veryfast",
        ]);

        var submit = CliRunner.RunWith(env, "catalog", "submit", manifest, "--redis", redis.ConnectionString);
        Assert.True(submit.ExitCode == 0, submit.All);
        Assert.Equal("spring", submit.Stdout.Trim());
        Assert.Contains("spring.csv: line 7:", submit.Stderr, StringComparison.Ordinal);
        var wait = CliRunner.RunWith(env, "catalog", "wait", "spring", "--redis", redis.ConnectionString);
        Assert.True(wait.ExitCode == 1, wait.All + cpu.Log + gpu1.Log + gpu2.Log); // 1: not every title is done

        var status = CliRunner.RunWith(env, "catalog", "status", "spring", "--json", "--redis", redis.ConnectionString);
        Assert.True(status.ExitCode == 0, status.All);
        var titles = JsonDocument.Parse(status.Stdout).RootElement.GetProperty("titles").EnumerateArray()
            .ToDictionary(t => t.GetProperty("id").GetString()!, t => (State: t.GetProperty("state").GetString(), Error: t.GetProperty("error").ToString()));
        Assert.All(new[] { "sbs", "tv", "tab" }, id => Assert.True(titles[id].State == "done", $"{id}: {titles[id].State} {titles[id].Error}\n{cpu.Log}"));
        Assert.Equal("failed", titles["corrupt"].State);
        Assert.Contains("corrupt.mp4", titles["corrupt"].Error, StringComparison.Ordinal);
        Assert.Equal("failed", titles["missing"].State);
        Assert.Contains("does not exist", titles["missing"].Error, StringComparison.Ordinal);
        Assert.Equal("failed", titles["line-7"].State);
        Assert.Contains("cinema", titles["line-7"].Error, StringComparison.Ordinal);

        // Every output is byte-identical to the embedded profile's for the same settings.
        foreach (var (output, format) in new[] { ("out/sbs.mp4", "full-sbs"), ("out/tv.mp4", "half-sbs"), (null, "half-tb") })
        {
            var reference = dir.File($"embedded-{format}.mp4");
            var embedded = CliRunner.Run("convert", FarmClips.CityNight, "-o", reference, "-f", format, "--segment-frames", "12", "--overlap", "4", "--preset", "veryfast");
            Assert.True(embedded.ExitCode == 0, embedded.All);
            var actual = output is null ? File.ReadAllBytes(dir.File("tab.mp4")) : (await films.GetBlobClient(output).DownloadContentAsync()).Value.Content.ToArray();
            Assert.Equal(File.ReadAllBytes(reference), actual);
        }

        Assert.False(await films.GetBlobClient("out/corrupt.mp4").ExistsAsync());
        var logs = cpu.Log + gpu1.Log + gpu2.Log + submit.All + wait.All + status.All;
        Assert.DoesNotContain(AzuriteServer.AccountKey, logs, StringComparison.Ordinal);
    }
}
