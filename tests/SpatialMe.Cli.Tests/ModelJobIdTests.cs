using System.Text.Json;
using SpatialMe.Cli.Conversion;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Compute;
using SpatialMe.Farm.Jobs;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// The models a job names are part of its identity: a different refiner or depth model (or the same path with other
/// content) is another job, so it never reuses intermediates computed with another model; and the farm checks the
/// model paths as it checks media locations.
/// </summary>
public sealed class ModelJobIdTests
{
    [Fact]
    public void The_job_id_changes_with_the_refiner_its_content_the_depth_model_and_its_input_size_and_not_otherwise()
    {
        using var dir = new TempDirectory();
        var input = dir.File("film.mp4");
        File.WriteAllText(input, "a film");
        var spec = new JobSpec { Input = input, Output = dir.File("out.mp4") };
        var refiner = TestModels.Refiner(dir.Path, "r.bin", seed: 1);
        var depth = TestModels.DepthAnything(dir.Path);

        string Id(string? refinerOption, string? depthModel = null, int inputSize = 518) =>
            JobIds.For(spec with { Models = ConversionModels.Resolve(refinerOption, depthModel, inputSize).ToJobModels() });

        // Without models a spec serialises as before models existed, so ids of earlier jobs still find their jobs.
        Assert.DoesNotContain("Models", JsonSerializer.Serialize(spec), StringComparison.Ordinal);
        var ruleBased = Id("none");
        Assert.Equal(JobIds.For(spec), ruleBased);
        Assert.Equal(ruleBased, Id("none", inputSize: 280)); // the input size means nothing without a depth model

        var withRefiner = Id(refiner);
        Assert.NotEqual(ruleBased, withRefiner);
        Assert.Equal(withRefiner, Id(refiner));
        TestModels.Refiner(dir.Path, "r.bin", seed: 2); // same path and size, other weights
        Assert.NotEqual(withRefiner, Id(refiner));

        var withDepth = Id("none", depth);
        Assert.NotEqual(ruleBased, withDepth);
        Assert.NotEqual(withDepth, Id("none", depth, 280));
    }

    [Fact]
    public void Model_paths_obey_the_allowed_roots_and_must_be_local_while_the_shipped_refiner_is_always_allowed()
    {
        using var dir = new TempDirectory();
        var locations = new MediaLocations([dir.Path]);
        var spec = new JobSpec { Input = dir.File("in.mp4"), Output = dir.File("out.mp4") };

        locations.Require(spec with { Models = new JobModels { Refiner = dir.File("r.bin"), RefinerFingerprint = "sha256:00" } });
        locations.Require(spec with { Models = new JobModels { Refiner = JobModels.ShippedRefiner, RefinerFingerprint = "sha256:00" } });
        var outside = Assert.Throws<ArgumentException>(() => locations.Require(
            spec with { Models = new JobModels { DepthModel = "/elsewhere/depth.pth", DepthModelFingerprint = "sha256:00" } }));
        Assert.Contains("depth model '/elsewhere/depth.pth' is outside the allowed folders", outside.Message);
        var uri = Assert.Throws<ArgumentException>(() => locations.Require(
            spec with { Models = new JobModels { Refiner = "https://store/r.bin", RefinerFingerprint = "sha256:00" } }));
        Assert.Contains("must be local paths", uri.Message);
        Assert.Throws<ArgumentException>(() => JobSpecs.Validate(spec with { Models = new JobModels { Refiner = dir.File("r.bin") } })); // no fingerprint
    }

    [Fact]
    public void A_silo_refuses_a_model_file_whose_content_is_not_what_the_job_was_submitted_with()
    {
        using var dir = new TempDirectory();
        var refiner = TestModels.Refiner(dir.Path);
        using var models = new FarmModels(preferGpu: false);

        Assert.NotNull(models.Refiner(new JobModels { Refiner = refiner, RefinerFingerprint = ModelFingerprints.Of(refiner) }));
        var error = Assert.Throws<InvalidDataException>(() => models.Refiner(new JobModels { Refiner = refiner, RefinerFingerprint = "sha256:00" }));
        Assert.Contains(refiner, error.Message);
        Assert.Null(models.Refiner(null));
        Assert.Null(models.DepthEstimator(new JobModels { Refiner = refiner, RefinerFingerprint = "sha256:00" }));
    }
}
