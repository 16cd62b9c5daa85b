using System.Globalization;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Tests.Support;
using SpatialMe.Media;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Metrics;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Pipeline;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Farm.Tests;

public sealed class QualityTests(ITestOutputHelper log)
{
    /// <summary>
    /// The farm's right views against the one-stream pipeline's (<see cref="StereoConverter"/>) on real footage with
    /// a cut, each shot one segment: the farm adds storage (16-bit depth, lossless views) and shot-level planning but
    /// must not change the picture.
    /// </summary>
    [Fact]
    public async Task TheFarmRendersTheSameRightViewsAsTheDirectPipeline()
    {
        using var dir = new TempDirectory();
        await using var farm = await FarmCluster.StartAsync(dir.File("store"), [new TestSilo("gpu")]);
        var output = dir.File("farm.mkv");
        var spec = FarmJobs.Spec(output, segmentFrames: 240, overlap: 16) with { Format = "right", Codec = "ffv1", PixelFormat = "bgr0" };
        var status = await farm.WaitAsync(await farm.SubmitAsync(spec));
        Assert.True(status.State == JobState.Done, status.Error);

        var info = await VideoProbe.ProbeAsync(FarmClips.CityNight);
        var direct = new StereoConverter(new CueDepthEstimator(), new ConversionSettings { Format = StereoFormat.Right });
        var expected = new List<RgbImage>();
        await foreach (var frame in FrameReader.ReadAsync(info, 0, info.FrameCount))
        {
            expected.AddRange(direct.Push(frame));
        }

        expected.AddRange(direct.Complete());
        var farmInfo = await VideoProbe.ProbeAsync(output);
        var psnr = new List<double>();
        var i = 0;
        await foreach (var frame in FrameReader.ReadAsync(farmInfo, 0, farmInfo.FrameCount))
        {
            var value = ImageMetrics.Compare(expected[i++], frame).Psnr;
            psnr.Add(double.IsFinite(value) ? value : 100);
        }

        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"farm vs direct right views: PSNR mean {psnr.Average():F2} dB, worst {psnr.Min():F2} dB over {psnr.Count} frames"));
        Assert.Equal(expected.Count, psnr.Count);
        Assert.True(psnr.Min() > 40, $"worst frame {psnr.Min()} dB");
    }
}
