using SpatialMe.Models.Depth;

namespace SpatialMe.Models.Tests.Depth;

[Collection(TorchCollection.Name)]
public sealed class DepthAnythingV2EstimatorTests
{
    private const int InputSize = 56; // 4 patches: keeps the tiny network fast

    [Fact]
    public void Depth_is_at_the_frame_size_finite_varied_and_identical_across_runs()
    {
        using var checkpoint = DepthAnythingCheckpoint.Read(TinyDepthWeights.SaveSafetensors(TinyDepthWeights.TempDirectory(), TinyDepthWeights.StateDict()));
        using var estimator = new DepthAnythingV2Estimator(checkpoint, InputSize, threads: 1);
        var frame = TinyDepthWeights.Frame(97, 61);

        var first = estimator.Estimate(frame, null);
        var second = estimator.Estimate(frame, null);

        Assert.Equal((97, 61), (first.Width, first.Height));
        Assert.All(first.Data, v => Assert.True(float.IsFinite(v) && v >= 0));
        Assert.True(first.Data.Max() > first.Data.Min());
        Assert.Equal(first.Data, second.Data);
        Assert.Equal("depth-anything-v2-custom", estimator.Name);
    }

    [Fact]
    public void A_batch_gives_what_each_frame_gives_alone()
    {
        using var checkpoint = DepthAnythingCheckpoint.Read(TinyDepthWeights.SavePth(TinyDepthWeights.TempDirectory(), TinyDepthWeights.StateDict()));
        using var estimator = new DepthAnythingV2Estimator(checkpoint, InputSize, threads: 1);
        var frames = new[] { TinyDepthWeights.Frame(70, 50), TinyDepthWeights.Frame(70, 50, shift: 9), TinyDepthWeights.Frame(40, 60) };

        var batch = estimator.EstimateBatch(frames);

        for (var i = 0; i < frames.Length; i++)
        {
            var alone = estimator.Estimate(frames[i], null);
            Assert.Equal((alone.Width, alone.Height), (batch[i].Width, batch[i].Height));
            var range = alone.Data.Max() - alone.Data.Min();
            Assert.All(alone.Data.Zip(batch[i].Data), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * range + 1e-7));
        }

        Assert.NotEqual(batch[0].Data, batch[1].Data);
    }
}
