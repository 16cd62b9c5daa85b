using System.Diagnostics;
using System.Globalization;
using SpatialMe.Media;
using SpatialMe.Models.Refiner;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Warping;

// Usage: SpatialMe.Benchmarks <video> [frames] [refiner-weights]
// Decodes `frames` frames (default 8) of a video and times each pipeline stage on them, printing one Markdown table
// row per stage: stage | ms per frame | frames/s. Run it pinned to one core (taskset -c 0) and unpinned to compare.
// With a refiner weights file, the learned fusion is timed too: tiled around the occlusions (the default) and on the
// whole frame (libtorch on all cores of the process's affinity).
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SpatialMe.Benchmarks <video> [frames] [refiner-weights]");
    return 2;
}

var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
var info = await VideoProbe.ProbeAsync(args[0]);
var frames = new List<RgbImage>();
await foreach (var f in FrameReader.ReadAsync(info, 0, Math.Min(count, info.FrameCount)))
{
    frames.Add(f);
}

var results = new List<(string Stage, double Ms)>();
double Time(string stage, Action<int> work)
{
    work(0); // warm-up (JIT, caches)
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < frames.Count; i++)
    {
        work(i);
    }

    var ms = sw.Elapsed.TotalMilliseconds / frames.Count;
    results.Add((stage, ms));
    return ms;
}

var depth = new CueDepthEstimator();
var raw = new FloatPlane[frames.Count];
var norm = new FloatPlane[frames.Count];
var disparity = new FloatPlane[frames.Count];
var temporalFrames = new TemporalFrame[frames.Count];
var poly = new RgbImage[frames.Count];
var de = new RgbImage[frames.Count];
var right = new RgbImage[frames.Count];

Time("depth (cues-v1)", i => raw[i] = depth.Estimate(frames[i], i > 0 ? frames[i - 1] : null));
Time("normalise + disparity", i =>
{
    norm[i] = DepthNormalizer.NormalizeSingle(raw[i]);
    disparity[i] = DisparityMapping.ToDisparity(norm[i], DisparitySettings.Default);
});
Time("forward warp (plain + expanded)", i => temporalFrames[i] = TemporalFrame.Create(frames[i], disparity[i]));
Time("poly branch", i => poly[i] = PolyInpaint.RenderRightView(frames[i], disparity[i]));
Time("de branch (fill)", i => de[i] = DisparityExpansionInpaint.Fill(temporalFrames[i].ExpandedWarp));
var temporal = TemporalInpaint.Fill(temporalFrames); // warm-up
var sw = Stopwatch.StartNew();
temporal = TemporalInpaint.Fill(temporalFrames);
results.Add(("temporal branch (flow + propagation + fill)", sw.Elapsed.TotalMilliseconds / frames.Count));
Time("fusion", i => right[i] = RuleBasedFusion.Fuse(temporalFrames[i].Warp, poly[i], de[i], temporal[i]));
if (args.Length > 2)
{
    var threads = Environment.ProcessorCount;
    using var tiled = MhfuRefiner.Load(args[2], new RefinerOptions { Threads = threads });
    using var full = MhfuRefiner.Load(args[2], new RefinerOptions { Threads = threads, Mode = RefinerMode.FullFrame });
    Time("fusion (refiner, tiled)", i => BranchFusion.Apply(poly[i], de[i], temporal[i].Image, tiled.Masks(temporalFrames[i].Warp, poly[i], de[i], temporal[i])));
    Time("fusion (refiner, full frame)", i => BranchFusion.Apply(poly[i], de[i], temporal[i].Image, full.Masks(temporalFrames[i].Warp, poly[i], de[i], temporal[i])));
}

Time("pack full-sbs", i => StereoPacker.Pack(StereoFormat.FullSbs, frames[i], right[i], disparity[i]));

// The refiner rows replace the rule-based fusion; they are not added to it.
var total = results.Where(r => !r.Stage.StartsWith("fusion (refiner", StringComparison.Ordinal)).Sum(r => r.Ms);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| stage ({frames[0].Width}x{frames[0].Height}, {frames.Count} frames, {Environment.ProcessorCount} cpu) | ms/frame | frames/s |"));
Console.WriteLine("|---|---:|---:|");
foreach (var (stage, ms) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {ms:F0} | {1000 / ms:F2} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **all stages** | {total:F0} | {1000 / total:F2} |"));
return 0;
