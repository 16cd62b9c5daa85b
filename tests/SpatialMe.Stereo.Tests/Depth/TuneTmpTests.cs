using OpenCvSharp;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Stereo.Tests.Depth;

public sealed class TuneTmpDepthTests(ITestOutputHelper output)
{
    private static readonly (string, CueDepthOptions)[] Configs =
    {
        ("default", CueDepthOptions.Default),
        ("ground", new CueDepthOptions { GroundWeight = 1, HazeWeight = 0, FocusWeight = 0 }),
        ("haze", new CueDepthOptions { GroundWeight = 0, HazeWeight = 1, FocusWeight = 0 }),
        ("focus", new CueDepthOptions { GroundWeight = 0, HazeWeight = 0, FocusWeight = 1 }),
        ("f.1", new CueDepthOptions { GroundWeight = 0.5, HazeWeight = 0.3, FocusWeight = 0.1 }),
        ("f0", new CueDepthOptions { GroundWeight = 0.5, HazeWeight = 0.3, FocusWeight = 0.0 }),
        ("eps1e-2", new CueDepthOptions { GuidedEpsilon = 1e-2 }),
        ("eps1e-4", new CueDepthOptions { GuidedEpsilon = 1e-4 }),
    };

    [SkippableFact]
    public void TuneDepthCues()
    {
        foreach (var scene in new[] { "cones", "books", "laundry", "reindeer" })
        {
            var dir = SharedData.RequireDirectory("stereo/" + scene);
            var left = DepthTestImages.LoadRgb(Path.Combine(dir, "left.png"));
            var truth = DepthTestImages.LoadGray(Path.Combine(dir, "disparity_left.png"));
            var line = scene;
            var planes = new List<FloatPlane>();
            foreach (var (name, opt) in Configs)
            {
                var est = new CueDepthEstimator(opt).Estimate(left, null);
                planes.Add(est);
                line += $" {name}={DepthTestImages.Spearman(est, truth):F3}";
            }

            output.WriteLine(line);
            Save($"/tmp/depthviz/{scene}.png", left, planes);
        }
    }

    [SkippableFact]
    public void HazeStats()
    {
        var files = new[] { "cones", "books", "laundry", "reindeer" }.Select(s => Path.Combine(SharedData.RequireDirectory("stereo/" + s), "left.png"))
            .Concat(Directory.GetFiles(SharedData.RequireDirectory("images"), "*.jpg").Order());
        foreach (var f in files)
        {
            var work = WorkingFrame.From(DepthTestImages.LoadRgb(f), 352);
            var t = HazeCue.Compute(work, 5);
            var sorted = RobustPercentiles.SortedSample(t);
            var ground = GroundPlaneCue.Compute(work.Width, work.Height);
            output.WriteLine($"{Path.GetFileName(Path.GetDirectoryName(f))}/{Path.GetFileName(f)} t10={RobustPercentiles.FromSorted(sorted, 10):F2} t25={RobustPercentiles.FromSorted(sorted, 25):F2} t50={RobustPercentiles.FromSorted(sorted, 50):F2} t75={RobustPercentiles.FromSorted(sorted, 75):F2} corrGround={Pearson(t, ground):F2}");
        }
    }

    private static double Pearson(FloatPlane a, FloatPlane b)
    {
        double ma = a.Data.Average(x => (double)x), mb = b.Data.Average(x => (double)x), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Data.Length; i++)
        {
            sab += (a.Data[i] - ma) * (b.Data[i] - mb);
            saa += (a.Data[i] - ma) * (a.Data[i] - ma);
            sbb += (b.Data[i] - mb) * (b.Data[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    [SkippableFact]
    public void TuneMotion()
    {
        foreach (var (a, b) in new[] { ("tok02", "tok01"), ("tok04", "tok03") })
        {
            var cur = DepthTestImages.LoadRgb($"/tmp/depthviz/{a}.png");
            var prev = DepthTestImages.LoadRgb($"/tmp/depthviz/{b}.png");
            var (cue, parallax) = MotionParallaxCue.Compute(WorkingFrame.From(cur, 352), WorkingFrame.From(prev, 352), 0.5f);
            output.WriteLine($"{a}: parallax {parallax:F2}");
            var est = new CueDepthEstimator();
            var motionOnly = new CueDepthEstimator(new CueDepthOptions { MotionWeight = 1, MotionFullParallax = 0.6 });
            Save($"/tmp/depthviz/motion-{a}.png", cur, [est.Estimate(cur, null), est.Estimate(cur, prev), motionOnly.Estimate(cur, prev)]);
        }
    }

    [SkippableFact]
    public void VizDemoDepth()
    {
        var dir = SharedData.RequireDirectory("images");
        foreach (var file in Directory.GetFiles(dir, "*.jpg").Order())
        {
            var img = DepthTestImages.LoadRgb(file);
            var planes = Configs.Select(c => new CueDepthEstimator(c.Item2).Estimate(img, null)).ToList();
            Save($"/tmp/depthviz/{Path.GetFileNameWithoutExtension(file)}.png", img, planes);
        }
    }

    internal static void Save(string path, RgbImage img, List<FloatPlane> planes)
    {
        var tiles = new List<Mat>();
        int width = img.Width, height = img.Height;
        using (var src = Mat.FromPixelData(height, width, MatType.CV_8UC3, img.Pixels))
        {
            var bgr = new Mat();
            Cv2.CvtColor(src, bgr, ColorConversionCodes.RGB2BGR);
            tiles.Add(bgr);
        }

        foreach (var p in planes)
        {
            var s = RobustSort(p);
            var lo = s[(int)(s.Length * 0.01)];
            var hi = s[(int)(s.Length * 0.99)];
            var bytes = new byte[p.Data.Length * 3];
            for (var i = 0; i < p.Data.Length; i++)
            {
                var v = (byte)Math.Clamp((int)(255 * (p.Data[i] - lo) / Math.Max(1e-6f, hi - lo)), 0, 255);
                bytes[3 * i] = bytes[(3 * i) + 1] = bytes[(3 * i) + 2] = v;
            }

            tiles.Add(Mat.FromPixelData(height, width, MatType.CV_8UC3, bytes).Clone());
        }

        using var row = new Mat();
        Cv2.HConcat(tiles.ToArray(), row);
        using var small = new Mat();
        var scale = 1400.0 / row.Width;
        Cv2.Resize(row, small, new Size(0, 0), scale, scale, InterpolationFlags.Area);
        Cv2.ImWrite(path, small);
    }

    private static float[] RobustSort(FloatPlane p)
    {
        var s = (float[])p.Data.Clone();
        Array.Sort(s);
        return s;
    }
}
