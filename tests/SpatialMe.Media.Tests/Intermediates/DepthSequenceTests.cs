using System.Diagnostics;
using SpatialMe.Media.Intermediates;
using SpatialMe.Stereo.Depth;
using SpatialMe.Stereo.Imaging;
using SpatialMe.Testing;
using Xunit.Abstractions;

namespace SpatialMe.Media.Tests.Intermediates;

public sealed class DepthSequenceTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("media-depth-");

    public void Dispose() => _temp.Dispose();

    /// <summary>Smooth depth with noise, an edge and a range that differs per frame.</summary>
    private static FloatPlane Synthetic(int width, int height, int seed)
    {
        var random = new Random(seed);
        var plane = new FloatPlane(width, height);
        var scale = 0.5f + seed;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var edge = x > width / 2 && y > height / 3 ? 2f : 0f;
                plane[x, y] = scale * (0.1f + ((float)y / height) + edge + (0.05f * (float)random.NextDouble()));
            }
        }

        return plane;
    }

    private static void AssertWithinQuantisation(FloatPlane written, FloatPlane read, string what)
    {
        var finite = written.Data.Where(float.IsFinite).ToArray();
        var min = finite.Length > 0 ? finite.Min() : 0f;
        var max = finite.Length > 0 ? finite.Max() : 0f;
        var bound = ((double)max - min) / 65535 / 2;
        Assert.Equal((written.Width, written.Height), (read.Width, read.Height));
        var largest = 0.0;
        for (var i = 0; i < written.Data.Length; i++)
        {
            var expected = float.IsFinite(written.Data[i]) ? written.Data[i] : min;
            var error = Math.Abs((double)read.Data[i] - expected);
            largest = Math.Max(largest, error);

            // Half a quantisation step, plus the float rounding of the value read back.
            Assert.True(error <= bound + (Math.Abs(expected) * 1.2e-7), $"{what} pixel {i}: wrote {written.Data[i]}, read {read.Data[i]}, bound {bound}");
        }

        Assert.True(largest <= bound * 1.01 + 1e-7);
    }

    [Fact]
    public void Planes_come_back_within_half_a_quantisation_step_in_any_order()
    {
        var path = _temp.File("segment.smdepth");
        var planes = Enumerable.Range(0, 6).Select(i => Synthetic(67, 41, i)).ToList();
        planes[2][5, 5] = float.NaN;
        planes[2][6, 5] = float.PositiveInfinity;
        planes[2][7, 5] = float.NegativeInfinity;

        using (var writer = DepthSequenceWriter.Create(path, 67, 41, firstFrame: 120))
        {
            foreach (var plane in planes)
            {
                writer.Append(plane);
            }

            Assert.False(File.Exists(path));
            writer.Complete();
        }

        Assert.Empty(Frames.PartialFiles(_temp.Path));
        using var reader = DepthSequenceReader.Open(path);
        Assert.Equal((67, 41, 120, 6), (reader.Width, reader.Height, reader.FirstFrame, reader.Count));
        foreach (var i in new[] { 4, 0, 5, 2, 1, 3, 4 })
        {
            AssertWithinQuantisation(planes[i], reader.Read(120 + i), $"frame {120 + i}");
        }

        // Non-finite values come back as the frame's minimum.
        var withNaN = reader.Read(122);
        var min = planes[2].Data.Where(float.IsFinite).Min();
        Assert.Equal(min, withNaN[5, 5], 5);
        Assert.Equal(min, withNaN[6, 5], 5);
        Assert.Equal(min, withNaN[7, 5], 5);
    }

    [Fact]
    public void Flat_and_all_nan_planes_do_not_divide_by_zero()
    {
        var path = _temp.File("flat.smdepth");
        var flat = new FloatPlane(9, 4);
        Array.Fill(flat.Data, 0.37f);
        var nan = new FloatPlane(9, 4);
        Array.Fill(nan.Data, float.NaN);
        using (var writer = DepthSequenceWriter.Create(path, 9, 4, 0))
        {
            writer.Append(flat);
            writer.Append(nan);
            writer.Complete();
        }

        using var reader = DepthSequenceReader.Open(path);
        Assert.Equal(flat.Data, reader.Read(0).Data);
        Assert.All(reader.Read(1).Data, v => Assert.Equal(0f, v));
    }

    /// <summary>The cue estimator's raw depth of real frames: the error bound holds, and the size and speed are logged.</summary>
    [Fact]
    public async Task Real_depth_round_trips_within_the_bound()
    {
        var info = await VideoProbe.ProbeAsync(Path.Combine(SharedData.RepositoryRoot, "samples", "city-night.mp4"));
        var frames = await Frames.ReadAllAsync(info, 58, 62);
        var estimator = new CueDepthEstimator();
        var depth = frames.Select((f, i) => estimator.Estimate(f, i > 0 ? frames[i - 1] : null)).ToList();
        var path = _temp.File("city.smdepth");

        var write = Stopwatch.StartNew();
        using (var writer = DepthSequenceWriter.Create(path, info.Width, info.Height, 58))
        {
            foreach (var plane in depth)
            {
                writer.Append(plane);
            }

            writer.Complete();
        }

        write.Stop();
        using var reader = DepthSequenceReader.Open(path);
        var read = Stopwatch.StartNew();
        var back = Enumerable.Range(58, depth.Count).Select(reader.Read).ToList();
        read.Stop();
        for (var i = 0; i < depth.Count; i++)
        {
            AssertWithinQuantisation(depth[i], back[i], $"frame {58 + i}");
        }

        var floatBytes = depth.Count * info.Width * info.Height * 4.0;
        var fileBytes = new FileInfo(path).Length;
        output.WriteLine($"{depth.Count} frames {info.Width}x{info.Height}: {fileBytes} bytes, {floatBytes / fileBytes:F2}x smaller than float32; "
            + $"write {write.Elapsed.TotalMilliseconds / depth.Count:F1} ms/frame, read {read.Elapsed.TotalMilliseconds / depth.Count:F1} ms/frame");
        Assert.True(fileBytes < floatBytes / 2.5, $"{fileBytes} bytes: the codec compresses less than expected");
    }

    [Fact]
    public void Frames_outside_the_sequence_are_rejected_naming_the_range()
    {
        var path = Write("range.smdepth", firstFrame: 100, count: 3);
        using var reader = DepthSequenceReader.Open(path);

        foreach (var frame in new[] { 99, 103, 0, -1 })
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => reader.Read(frame));
            Assert.Contains("[100, 103)", error.Message);
        }

        reader.Read(102);
    }

    [Fact]
    public void Truncated_files_are_refused_naming_the_path()
    {
        var path = Write("whole.smdepth", firstFrame: 0, count: 3);
        var bytes = File.ReadAllBytes(path);
        foreach (var keep in new[] { bytes.Length - 1, bytes.Length / 2, 40, 20, 8 })
        {
            var truncated = _temp.File($"cut-{keep}.smdepth");
            File.WriteAllBytes(truncated, bytes[..keep]);
            var error = Assert.Throws<MediaException>(() => DepthSequenceReader.Open(truncated));
            Assert.Contains(truncated, error.Message);
            Assert.Contains("truncated", error.Message);
            Assert.Equal(truncated, error.FilePath);
        }
    }

    [Fact]
    public void Foreign_missing_and_corrupt_files_are_refused_saying_what_is_wrong()
    {
        var foreign = _temp.File("notes.txt");
        File.WriteAllText(foreign, "just some text, long enough to fill a header and more");
        Assert.Contains("not a depth sequence", Assert.Throws<MediaException>(() => DepthSequenceReader.Open(foreign)).Message);

        var empty = _temp.File("empty.smdepth");
        File.WriteAllBytes(empty, []);
        Assert.Contains("not a depth sequence", Assert.Throws<MediaException>(() => DepthSequenceReader.Open(empty)).Message);

        var missing = _temp.File("missing.smdepth");
        Assert.Contains("does not exist", Assert.Throws<MediaException>(() => DepthSequenceReader.Open(missing)).Message);

        // A frame's payload length pointing past its record: the frame is corrupt, the others still read.
        var path = Write("damaged.smdepth", firstFrame: 10, count: 2);
        var bytes = File.ReadAllBytes(path);
        bytes[36 + 8] = 0xFF;
        bytes[36 + 9] = 0xFF;
        File.WriteAllBytes(path, bytes);
        using var reader = DepthSequenceReader.Open(path);
        var error = Assert.Throws<MediaException>(() => reader.Read(10));
        Assert.Contains("corrupt", error.Message);
        Assert.Contains(path, error.Message);
        reader.Read(11);

        var version = _temp.File("future.smdepth");
        var future = File.ReadAllBytes(Write("v1.smdepth", 0, 1));
        future[8] = 2;
        File.WriteAllBytes(version, future);
        Assert.Contains("version 2", Assert.Throws<MediaException>(() => DepthSequenceReader.Open(version)).Message);
    }

    [Fact]
    public void Disposing_without_complete_leaves_no_file()
    {
        var path = _temp.File("abandoned.smdepth");
        using (var writer = DepthSequenceWriter.Create(path, 16, 8, 0))
        {
            writer.Append(Synthetic(16, 8, 1));
            Assert.Single(Frames.PartialFiles(_temp.Path));
        }

        Assert.False(File.Exists(path));
        Assert.Empty(Frames.PartialFiles(_temp.Path));
    }

    [Fact]
    public void Complete_replaces_an_older_file_and_misuse_is_rejected()
    {
        var path = Write("retry.smdepth", firstFrame: 5, count: 2);
        using (var writer = DepthSequenceWriter.Create(path, 16, 8, 7))
        {
            Assert.Throws<ArgumentException>(() => writer.Append(new FloatPlane(8, 16)));
            Assert.Throws<InvalidOperationException>(writer.Complete); // nothing appended yet
            writer.Append(Synthetic(16, 8, 2));
            writer.Complete();
            Assert.Throws<InvalidOperationException>(() => writer.Append(Synthetic(16, 8, 2)));
        }

        using (var reader = DepthSequenceReader.Open(path))
        {
            Assert.Equal((7, 1), (reader.FirstFrame, reader.Count));
        }

        var error = Assert.Throws<MediaException>(() => DepthSequenceWriter.Create(Path.Combine(_temp.Path, "no-such-folder", "x.smdepth"), 4, 4, 0));
        Assert.Contains("no-such-folder", error.Message);
        Assert.Empty(Frames.PartialFiles(_temp.Path));
    }

    private string Write(string name, int firstFrame, int count)
    {
        var path = _temp.File(name);
        using var writer = DepthSequenceWriter.Create(path, 32, 20, firstFrame);
        for (var i = 0; i < count; i++)
        {
            writer.Append(Synthetic(32, 20, i));
        }

        writer.Complete();
        return path;
    }
}
