using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Models.Refiner;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests.Catalogs;

/// <summary>
/// The models of catalog titles: <c>refiner</c>, <c>depth-model</c> and <c>depth-input-size</c> per row, defaults for
/// the rows that name none, each file checked like a media path and fingerprinted into the title's job.
/// </summary>
public sealed class CatalogModelsTests
{
    private static readonly Lock Gate = new();

    [Fact]
    public void Manifest_rows_carry_their_models_with_fingerprints_and_bad_model_values_are_reported_by_line_and_reason()
    {
        using var dir = new TempDirectory();
        var root = dir.File("films");
        Directory.CreateDirectory(root);
        var refiner = Refiner(root, "r.bin");
        var other = Refiner(root, "other.bin", seed: 2);
        var depth = Path.Combine(root, "depth.safetensors");
        File.WriteAllText(depth, "checkpoint bytes");
        var notRefiner = Path.Combine(root, "not-a-refiner.bin");
        File.WriteAllText(notRefiner, "garbage");
        var outside = Refiner(dir.Path, "outside.bin");
        var manifest = dir.File("catalog.csv");
        File.WriteAllText(manifest, string.Join('\n',
            "id,input,output,refiner,depth_model,depth-input-size",
            $"own,{root}/a.mp4,{root}/o/a.mp4,{refiner},{depth},280",
            $"rule,{root}/b.mp4,{root}/o/b.mp4,none,,",
            $"default,{root}/c.mp4,{root}/o/c.mp4,,,",
            $"relative,{root}/d.mp4,{root}/o/d.mp4,r.bin,,",
            $"outside,{root}/e.mp4,{root}/o/e.mp4,{outside},,",
            $"missing,{root}/f.mp4,{root}/o/f.mp4,{root}/no-such.bin,,",
            $"garbage,{root}/g.mp4,{root}/o/g.mp4,{notRefiner},,",
            $"uri,{root}/h.mp4,{root}/o/h.mp4,,https://store/depth.pth,",
            $"size,{root}/i.mp4,{root}/o/i.mp4,,{depth},big",
            $"small,{root}/j.mp4,{root}/o/j.mp4,,{depth},10"));

        var (titles, errors) = CatalogManifest.Parse(manifest, new MediaLocations([root], ["https"]), new CatalogModels { Refiner = other });

        Assert.Equal(["own", "rule", "default"], titles.Select(t => t.Id));
        Assert.Equal(
            new JobModels
            {
                Refiner = refiner, RefinerFingerprint = ModelFingerprints.Of(refiner),
                DepthModel = depth, DepthModelFingerprint = ModelFingerprints.Of(depth), DepthInputSize = 280,
            },
            titles[0].Spec.Models);
        Assert.Null(titles[1].Spec.Models); // none: the rule-based fusion, as a spec without models
        Assert.Equal(new JobModels { Refiner = other, RefinerFingerprint = ModelFingerprints.Of(other) }, titles[2].Spec.Models);
        Assert.NotEqual(titles[0].Spec.Models!.RefinerFingerprint, titles[2].Spec.Models!.RefinerFingerprint);
        Assert.Collection(
            errors,
            e => Assert.True(e.Line == 5 && e.Reason.Contains("refiner 'r.bin' is a relative path"), e.ToString()),
            e => Assert.True(e.Line == 6 && e.Reason.Contains($"refiner '{outside}' is outside the allowed folders"), e.ToString()),
            e => Assert.True(e.Line == 7 && e.Reason.Contains("no-such.bin' does not exist"), e.ToString()),
            e => Assert.True(e.Line == 8 && e.Reason.Contains("not-a-refiner.bin' cannot be used"), e.ToString()),
            e => Assert.True(e.Line == 9 && e.Reason.Contains("depth-model 'https://store/depth.pth' is a URI; model files must be local paths"), e.ToString()),
            e => Assert.True(e.Line == 10 && e.Reason.Contains("depth-input-size must be a whole number, got 'big'"), e.ToString()),
            e => Assert.True(e.Line == 11 && e.Reason.Contains("depth-input-size must be at least 14, got 10"), e.ToString()));
    }

    [Fact]
    public void Without_a_refiner_anywhere_a_title_gets_the_shipped_refiner_when_the_build_has_one_as_submit_does()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("catalog.json");
        File.WriteAllText(manifest, $$"""
            [
              { "id": "plain", "input": "{{dir.Path}}/a.mp4", "output": "{{dir.Path}}/o/a.mp4" },
              { "id": "twice", "input": "{{dir.Path}}/b.mp4", "output": "{{dir.Path}}/o/b.mp4", "depth_model": "x", "depth-model": "y" }
            ]
            """);

        var (titles, errors) = CatalogManifest.Parse(manifest, new MediaLocations([dir.Path]));

        var expected = ShippedRefiner.Exists
            ? new JobModels { Refiner = JobModels.ShippedRefiner, RefinerFingerprint = ModelFingerprints.Of(ShippedRefiner.DefaultPath) }
            : null;
        Assert.Equal(expected, Assert.Single(titles).Spec.Models);
        Assert.True(Assert.Single(errors) is { Line: 3 } e && e.Reason.Contains("column 'depth-model' is given twice"), errors[0].ToString());
    }

    [Fact]
    public async Task A_rows_refiner_lands_in_its_titles_job_spec_and_job_id()
    {
        using var dir = new TempDirectory();
        var refiner = Refiner(dir.Path, "r.bin");
        var manifest = dir.File("spring.csv");
        File.WriteAllText(manifest, string.Join('\n',
            "id,input,output,refiner,segment-frames,overlap",
            $"learned,{FarmClips.CityNight},{dir.File("learned.mp4")},{refiner},12,4",
            $"rules,{FarmClips.CityNight},{dir.File("rules.mp4")},none,12,4"));
        var allowed = new[] { dir.Path, Path.GetDirectoryName(FarmClips.CityNight)! };
        var (titles, errors) = CatalogManifest.Parse(manifest, new MediaLocations(allowed));
        Assert.Empty(errors);

        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("cpu")], o => o.AllowedRoots = [.. allowed]);
        var catalog = farm.Client.GetGrain<ICatalogGrain>("spring");
        var status = await catalog.SubmitAsync("spring.csv", titles.Select(t => new CatalogEntry { Id = t.Id, Line = t.Line, Spec = t.Spec }).ToList());
        var jobs = (await farm.Coordinator.ListJobsAsync()).ToDictionary(j => j.Id);
        await catalog.CancelAsync(); // only the jobs' identity matters here

        Assert.All(status.Titles, t => Assert.True(t.JobId is not null, $"{t.Id}: {t.Error}"));
        var byId = status.Titles.ToDictionary(t => t.Id, t => t.JobId!);
        var learned = jobs[byId["learned"]].Spec;
        var rules = jobs[byId["rules"]].Spec;
        Assert.Equal(new JobModels { Refiner = refiner, RefinerFingerprint = ModelFingerprints.Of(refiner) }, learned.Models);
        Assert.Null(rules.Models);

        // The id hashes the models: the same title with the rule-based fusion is another job.
        Assert.Equal(JobIds.For(learned with { Output = rules.Output, Models = null }), JobIds.For(rules));
        Assert.NotEqual(JobIds.For(learned with { Output = rules.Output }), JobIds.For(rules));
        Assert.NotEqual(byId["learned"], byId["rules"]);
    }

    private static string Refiner(string directory, string name, long seed = 7)
    {
        var path = Path.Combine(directory, name);
        lock (Gate)
        {
            TorchSharp.torch.manual_seed(seed);
            using var network = new MhfuNetwork(new MhfuArchitecture(RefinerInputs.Channels, 4, 3));
            RefinerWeights.Save(network, path, "test");
        }

        return path;
    }
}
