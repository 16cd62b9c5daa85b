using System.Diagnostics;
using System.Runtime.Versioning;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests;

/// <summary>Every bad input or output fails with a <see cref="MediaException"/> that names the file, leaving no output behind.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory temp = new("media-bad-");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task MissingFile_SaysItDoesNotExist()
    {
        var path = temp.File("x.mp4");

        var error = await Assert.ThrowsAsync<MediaException>(() => VideoProbe.ProbeAsync(path));

        Assert.Equal($"input '{path}' does not exist", error.Message);
        Assert.Equal(path, error.FilePath);
    }

    [Fact]
    public async Task TextFile_IsNotAVideoFfmpegCanRead()
    {
        var path = temp.File("notes.txt");
        await File.WriteAllTextAsync(path, "shopping list\n- milk\n- bread\n");

        var error = await Assert.ThrowsAsync<MediaException>(() => VideoProbe.ProbeAsync(path));

        Assert.StartsWith($"'{path}' is not a video file ffmpeg can read: ", error.Message);
        Assert.Contains("Invalid data", error.Message);
    }

    [Fact]
    public async Task AudioOnlyFile_HasNoVideoStream()
    {
        var path = TestClips.CreateAudioOnly(temp.Path);

        var error = await Assert.ThrowsAsync<MediaException>(() => VideoProbe.ProbeAsync(path));

        Assert.Equal($"'{path}' has no video stream", error.Message);
    }

    [Fact]
    public async Task VideoStreamWithoutFrames_HasZeroVideoFrames()
    {
        var path = temp.File("empty.mkv");
        TestClips.RunFFmpeg(["-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=1", "-f", "lavfi", "-i", "testsrc=size=160x120:rate=25:duration=1",
            "-map", "0", "-map", "1", "-frames:v", "0", "-c:v", "libx264", "-c:a", "aac", path]);

        var error = await Assert.ThrowsAsync<MediaException>(() => VideoProbe.ProbeAsync(path));

        Assert.Equal($"'{path}' has zero video frames", error.Message);
    }

    /// <summary>
    /// A clip cut in half keeps its full index (faststart MP4), so it probes as 75 frames, but decoding runs out
    /// midway: the reader says where, and the output being written from it is not left behind.
    /// </summary>
    [Fact]
    public async Task TruncatedVideo_IsCorrupt_NamingTheFrameWhereDecodingStopped_AndLeavesNoOutput()
    {
        var whole = TestClips.Create(temp.Path, seconds: 3, frameRate: "25", name: "whole", extraOutputArguments: ["-movflags", "+faststart"]);
        var broken = temp.File("broken.mp4");
        var bytes = await File.ReadAllBytesAsync(whole);
        await File.WriteAllBytesAsync(broken, bytes[..(bytes.Length / 2)]);
        var info = await VideoProbe.ProbeAsync(broken);
        Assert.Equal(75, info.FrameCount);
        var output = temp.File("out.mp4");
        var read = 0;

        var error = await Assert.ThrowsAsync<MediaException>(async () =>
        {
            await using var writer = await VideoWriter.StartAsync(output, info.Width, info.Height, info, 0, info.FrameCount, EncodeSettings.Default);
            await foreach (var frame in FrameReader.ReadAsync(info, 0, info.FrameCount))
            {
                await writer.WriteAsync(frame);
                read++;
            }

            await writer.CompleteAsync();
        });

        Assert.InRange(read, 1, 74);
        Assert.StartsWith($"'{broken}' is corrupt: decoding stopped at frame {read} of 75 (", error.Message);
        Assert.False(File.Exists(output));
        Assert.Empty(Frames.PartialFiles(temp.Path));
    }

    [Fact]
    public async Task OutputInAMissingFolder_FailsBeforeEncoding()
    {
        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1));
        var output = Path.Combine(temp.Path, "no-such-folder", "out.mp4");

        var error = await Assert.ThrowsAsync<MediaException>(() => VideoWriter.StartAsync(output, 64, 48, source, 0, 5, EncodeSettings.Default));

        Assert.StartsWith($"cannot write output '{output}': folder ", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(Path.GetDirectoryName(output)));
    }

    [SkippableFact]
    public async Task OutputInAReadOnlyFolder_FailsBeforeEncoding()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new SkipException("Unix file modes only: test skipped on Windows.");
        }

        var source = await VideoProbe.ProbeAsync(TestClips.Create(temp.Path, seconds: 1));
        var folder = Path.Combine(temp.Path, "read-only");
        Directory.CreateDirectory(folder);
        var output = Path.Combine(folder, "out.mp4");
        var immutable = MakeReadOnly(folder);
        try
        {
            var error = await Assert.ThrowsAsync<MediaException>(() => VideoWriter.StartAsync(output, 64, 48, source, 0, 5, EncodeSettings.Default));

            Assert.StartsWith($"cannot write output '{output}': ", error.Message);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            if (immutable)
            {
                RunChattr("-i", folder);
            }

            File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Removes write permission; where that does not bind (running as root), marks the folder immutable with
    /// chattr, and skips where neither works. Returns whether chattr was used.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    private static bool MakeReadOnly(string folder)
    {
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        if (!CanCreateFileIn(folder))
        {
            return false;
        }

        var immutable = RunChattr("+i", folder) && !CanCreateFileIn(folder);
        Skip.IfNot(immutable, "Cannot make a folder read-only here (running as root without chattr): test skipped.");
        return true;
    }

    private static bool CanCreateFileIn(string folder)
    {
        var probe = Path.Combine(folder, "probe");
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool RunChattr(string flag, string folder)
    {
        try
        {
            var startInfo = new ProcessStartInfo("chattr") { RedirectStandardError = true };
            startInfo.ArgumentList.Add(flag);
            startInfo.ArgumentList.Add(folder);
            using var process = Process.Start(startInfo)!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
