using System.Diagnostics;
using SpatialMe.Media;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;

namespace SpatialMe.Tools.Tests;

/// <summary>tools/correction-shift.py on an eval images folder made here, where the answer is known.</summary>
public sealed class CorrectionShiftTests
{
    [Fact]
    public void A_refiner_halfway_from_the_fusion_to_the_poly_branch_reads_as_half_toward_poly_and_its_error_change_is_right()
    {
        using var dir = new TempDirectory();
        var scene = Directory.CreateDirectory(Path.Combine(dir.Path, "scene-a")).FullName;
        const int w = 8, h = 4;
        RgbImage Flat(byte r, byte g, byte b)
        {
            var image = new RgbImage(w, h);
            for (var i = 0; i < w * h; i++)
            {
                image.Pixels[3 * i] = r;
                image.Pixels[(3 * i) + 1] = g;
                image.Pixels[(3 * i) + 2] = b;
            }

            return image;
        }

        // Truth 100; fusion 110; poly 150; the refiner 130, halfway from the fusion to poly; temporal and de at the
        // fusion's value (no direction to move in); the naive fill at 170, so the move is a third of the way to it; the
        // left half of the frame occluded.
        ImageFiles.WritePng(Path.Combine(scene, "right.png"), Flat(100, 100, 100));
        ImageFiles.WritePng(Path.Combine(scene, "fusion.png"), Flat(110, 110, 110));
        ImageFiles.WritePng(Path.Combine(scene, "poly.png"), Flat(150, 150, 150));
        ImageFiles.WritePng(Path.Combine(scene, "refiner.png"), Flat(130, 130, 130));
        ImageFiles.WritePng(Path.Combine(scene, "temporal.png"), Flat(110, 110, 110));
        ImageFiles.WritePng(Path.Combine(scene, "de.png"), Flat(110, 110, 110));
        ImageFiles.WritePng(Path.Combine(scene, "naive.png"), Flat(170, 170, 170));
        var occluded = new FloatPlane(w, h);
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w / 2; x++)
            {
                occluded.Row(y)[x] = 1;
            }
        }

        ImageFiles.WritePng(Path.Combine(scene, "occluded.png"), occluded, 0, 1);

        // The masks and contents behind the two fusions: both take the content C in the hole (M3 = 0), and the
        // refiner's content is the one that moved, halfway toward poly.
        FloatPlane Constant(float value) => new(w, h, Enumerable.Repeat(value, w * h).ToArray());
        foreach (var method in new[] { "fusion", "refiner" })
        {
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-m1.png"), Constant(0), 0, 1);
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-m2.png"), Constant(1), 0, 1);
            ImageFiles.WritePng(Path.Combine(scene, $"{method}-m3.png"), Constant(0), 0, 1);
        }

        ImageFiles.WritePng(Path.Combine(scene, "fusion-content.png"), Flat(110, 110, 110));
        ImageFiles.WritePng(Path.Combine(scene, "refiner-content.png"), Flat(130, 130, 130));

        var (code, output) = Run(dir.Path);

        Assert.True(code == 0, output);
        // 16 occluded pixels; the error went from 10 to 30 grey levels per channel: +20/255.
        Assert.Contains("scene-a: 16 occluded px, dMAE +0.0784, toward poly +0.500, temporal +0.000, de +0.000, naive +0.333", output, StringComparison.Ordinal);
        Assert.Contains("  masks, rules -> refiner: M1 0.000 -> 0.000, M2 1.000 -> 1.000, M3 0.000 -> 0.000; content toward poly +0.500, temporal +0.000, de +0.000, naive +0.333", output, StringComparison.Ordinal);
        Assert.Contains("mean over scenes: toward poly +0.500", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_refiner_images_is_refused_with_what_it_needs()
    {
        using var dir = new TempDirectory();
        var (code, output) = Run(dir.Path);
        Assert.NotEqual(0, code);
        Assert.Contains("run eval with --refiner and --write-images", output, StringComparison.Ordinal);
    }

    private static (int Code, string Output) Run(string folder)
    {
        var psi = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.ArgumentList.Add(Path.Combine(SharedData.RepositoryRoot, "tools", "correction-shift.py"));
        psi.ArgumentList.Add(folder);
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
