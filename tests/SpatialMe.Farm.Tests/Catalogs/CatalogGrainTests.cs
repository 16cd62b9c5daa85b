using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests.Catalogs;

public sealed class CatalogGrainTests
{
    [Fact]
    public async Task A_catalog_completes_its_good_titles_while_bad_ones_fail_each_with_its_own_reason()
    {
        using var dir = new TempDirectory();
        var corrupt = dir.File("corrupt.mp4");
        var bytes = File.ReadAllBytes(FarmClips.CityNight);
        File.WriteAllBytes(corrupt, bytes.Take(4096).Concat(new byte[8192]).ToArray()); // a header, then nothing decodable
        var allowed = new[] { dir.Path, Path.GetDirectoryName(FarmClips.CityNight)! };
        await using var farm = await FarmCluster.StartAsync(
            dir.File("store"), [new TestSilo("cpu"), new TestSilo("gpu")], o => o.AllowedRoots = [.. allowed]);
        var catalog = farm.Client.GetGrain<ICatalogGrain>("spring");
        CatalogEntry Title(string id, string input, string output) => new() { Id = id, Line = 2, Spec = FarmJobs.Spec(output) with { Input = input } };
        var entries = new[]
        {
            Title("good", FarmClips.CityNight, dir.File("good.mp4")),
            Title("corrupt", corrupt, dir.File("corrupt-sbs.mp4")),
            Title("missing", dir.File("no-such-film.mp4"), dir.File("missing-sbs.mp4")),
            Title("escape", FarmClips.CityNight, "/tmp/../etc/escape.mp4"),
            new CatalogEntry { Id = "line-6", Line = 6, Rejection = "priority must be a whole number, got 'high'" },
        };

        await catalog.SubmitAsync("spring.csv", entries);
        var status = await WaitFinishedAsync(catalog);

        var byId = status.Titles.ToDictionary(t => t.Id);
        Assert.True(byId["good"].State == JobState.Done, byId["good"].Error);
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(dir.File("good.mp4")));
        Assert.Equal(JobState.Failed, byId["corrupt"].State);
        Assert.Contains("corrupt.mp4", byId["corrupt"].Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, byId["missing"].State);
        Assert.Contains("no-such-film.mp4", byId["missing"].Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Failed, byId["escape"].State);
        Assert.Contains("outside the allowed folders", byId["escape"].Error, StringComparison.Ordinal);
        Assert.Null(byId["escape"].JobId); // refused by the coordinator: never queued
        Assert.Equal((JobState.Failed, 6), (byId["line-6"].State, byId["line-6"].Line));
        Assert.Contains("whole number", byId["line-6"].Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("corrupt-sbs.mp4")));

        // Submitting the catalog again leaves the finished title alone: same job, not run again.
        var goodJob = byId["good"].JobId!;
        var finishedAt = (await farm.Job(goodJob).GetStatusAsync())!.FinishedAt;
        var again = await catalog.SubmitAsync("spring.csv", entries);
        Assert.Equal(goodJob, again.Titles.Single(t => t.Id == "good").JobId);
        Assert.Equal(finishedAt, (await farm.Job(goodJob).GetStatusAsync())!.FinishedAt);
    }

    private static async Task<CatalogStatus> WaitFinishedAsync(ICatalogGrain catalog)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        CatalogStatus? status = null;
        while (DateTime.UtcNow < deadline)
        {
            status = await catalog.GetStatusAsync();
            if (status is { IsFinished: true })
            {
                return status;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("catalog not finished: " + string.Join(" ", status?.Titles.Select(t => $"[{t.Id} {t.State} {t.Error}]") ?? []));
    }
}
