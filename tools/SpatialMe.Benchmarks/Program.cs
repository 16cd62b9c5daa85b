using System.Diagnostics;
using System.Globalization;
using SpatialMe.Media;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Disparity;
using SpatialMe.Stereo.Fusion;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Stereo.Inpainting;
using SpatialMe.Stereo.Packing;
using SpatialMe.Stereo.Warping;

// Usage: SpatialMe.Benchmarks <video> [frames]
// Decodes `frames` frames (default 8) of a video and times each pipeline stage on them, printing one Markdown table
// row per stage: stage | ms per frame | frames/s. Run it pinned to one core (taskset -c 0) and unpinned to compare.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: SpatialMe.Benchmarks <video> [frames]");
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
Time("pack full-sbs", i => StereoPacker.Pack(StereoFormat.FullSbs, frames[i], right[i], disparity[i]));

var total = results.Sum(r => r.Ms);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| stage ({frames[0].Width}x{frames[0].Height}, {frames.Count} frames, {Environment.ProcessorCount} cpu) | ms/frame | frames/s |"));
Console.WriteLine("|---|---:|---:|");
foreach (var (stage, ms) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {stage} | {ms:F0} | {1000 / ms:F2} |"));
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| **all stages** | {total:F0} | {1000 / total:F2} |"));
return 0;
