using System.Globalization;
using System.Text;
using SpatialMe.Testing;

namespace SpatialMe.Media.Tests.Shots;

/// <summary>
/// A video made by joining real clips with known transitions (one ffmpeg run), and where those transitions are.
/// Nothing is cached: the file lives in the caller's temporary folder.
/// </summary>
internal sealed record ShotFixture(string Path, int FrameCount, IReadOnlyList<TrueTransition> Truth)
{
    /// <summary>
    /// Joins <paramref name="clips"/> (at <paramref name="rate"/> fps, <paramref name="width"/>x<paramref name="height"/>)
    /// with <paramref name="joins"/>[i] between clip i and clip i + 1, encodes H.264 and checks the frame count.
    /// </summary>
    public static ShotFixture Build(
        string directory, string name, int rate, int width, int height, IReadOnlyList<FixtureClip> clips, IReadOnlyList<FixtureJoin> joins)
    {
        if (joins.Count != clips.Count - 1)
        {
            throw new ArgumentException($"{clips.Count} clips need {clips.Count - 1} joins, got {joins.Count}.", nameof(joins));
        }

        var graph = new StringBuilder();
        var truth = new List<TrueTransition>();
        for (var i = 0; i < clips.Count; i++)
        {
            graph.Append(Invariant($"[{i}:v]{clips[i].Filter(width, height, rate)},format=yuv420p"));
            if (i > 0 && joins[i - 1] is FixtureJoin.FadeThroughBlack fadeIn)
            {
                graph.Append(Invariant($",fade=t=in:start_frame=0:nb_frames={fadeIn.Frames}"));
            }

            if (i < joins.Count && joins[i] is FixtureJoin.FadeThroughBlack fadeOut)
            {
                graph.Append(Invariant($",fade=t=out:start_frame={clips[i].Frames - fadeOut.Frames - fadeOut.BlackFrames}:nb_frames={fadeOut.Frames}"));
            }

            graph.Append(Invariant($",setsar=1,settb=1/{rate},setpts=N[c{i}];"));
        }

        var length = clips[0].Frames;
        var joined = "c0";
        for (var i = 1; i < clips.Count; i++)
        {
            var output = Invariant($"j{i}");
            switch (joins[i - 1])
            {
                case FixtureJoin.HardCut:
                    graph.Append(Invariant($"[{joined}][c{i}]concat=n=2:v=1:a=0"));
                    truth.Add(new TrueTransition(FixtureTransitionKind.Cut, length, length - 1, length));
                    length += clips[i].Frames;
                    break;
                case FixtureJoin.FadeThroughBlack fade:
                    graph.Append(Invariant($"[{joined}][c{i}]concat=n=2:v=1:a=0"));
                    truth.Add(new TrueTransition(FixtureTransitionKind.Fade, length, length - fade.Frames - fade.BlackFrames - 1, length + fade.Frames));
                    length += clips[i].Frames;
                    break;
                case FixtureJoin.Crossfade cross:
                    // xfade: output frame offset + k blends old frame offset + k with new frame k; offset is the old
                    // clip's last clean frame and offset + Frames the new clip's first clean one.
                    var offset = length - cross.Frames;
                    graph.Append(Invariant(
                        $"[{joined}][c{i}]xfade=transition={(cross.ThroughBlack ? "fadeblack" : "fade")}:duration={Seconds(cross.Frames, rate)}:offset={Seconds(offset, rate)}"));
                    truth.Add(new TrueTransition(
                        cross.ThroughBlack ? FixtureTransitionKind.Fade : FixtureTransitionKind.Dissolve,
                        offset + ((cross.Frames + 1) / 2),
                        offset,
                        offset + cross.Frames));
                    length = offset + clips[i].Frames;
                    break;
                default:
                    throw new ArgumentException("Unknown join " + joins[i - 1], nameof(joins));
            }

            graph.Append(Invariant($",settb=1/{rate},setpts=N[{output}];"));
            joined = output;
        }

        var path = System.IO.Path.Combine(directory, name + ".mp4");
        var arguments = new List<string> { "-hide_banner", "-nostdin", "-loglevel", "error", "-y" };
        foreach (var clip in clips)
        {
            arguments.AddRange(["-i", clip.InputPath]);
        }

        arguments.AddRange(["-filter_complex", graph.ToString().TrimEnd(';'), "-map", "[" + joined + "]",
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p", "-r", rate.ToString(CultureInfo.InvariantCulture), path]);
        TestClips.RunFFmpeg(arguments);

        var decoded = TestClips.CountDecodedFrames(path);
        if (decoded != length)
        {
            throw new InvalidOperationException($"Fixture {name} has {decoded} frames, expected {length}: the ground truth would be off.");
        }

        return new ShotFixture(path, length, truth);
    }

    private static string Seconds(int frames, int rate) => ((double)frames / rate).ToString("0.######", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
