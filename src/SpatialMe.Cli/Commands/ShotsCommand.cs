using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpatialMe.Media;
using SpatialMe.Media.Shots;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme shots</c>: lists the shots shot detection finds in a video, to see and debug the segmentation.</summary>
public static class ShotsCommand
{
    public static Command Build()
    {
        var input = new Argument<string>("video") { Description = "The video to split into shots." };
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON: an array of {start, end, transition}: first frame, the frame after the last, and how the shot "
                + "begins (\"start\", \"cut\", \"dissolve\" or \"fade\").",
        };
        var command = new Command("shots", "Detect the shots of a video (hard cuts, dissolves, fades) and list them with their frame ranges.")
        {
            input, json,
        };

        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var info = await VideoProbe.ProbeAsync(parse.GetValue(input)!, ct);
                var shots = await ShotScanner.ScanAsync(info, ct);
                if (parse.GetValue(json))
                {
                    System.Console.Out.WriteLine(ToJson(shots));
                }
                else
                {
                    PrintTable(System.Console.Out, shots, info);
                }

                return 0;
            }
            catch (MediaException ex)
            {
                System.Console.Error.WriteLine($"error: {ex.Message}");
                return 1;
            }
            catch (OperationCanceledException)
            {
                System.Console.Error.WriteLine("cancelled.");
                return 130;
            }
        });
        return command;
    }

    /// <summary>The JSON contract: exactly start, end (exclusive) and transition, the transition in lower case.</summary>
    internal static string ToJson(IEnumerable<Shot> shots) =>
        JsonSerializer.Serialize(
            shots.Select(s => new { start = s.Start, end = s.End, transition = Name(s.Transition) }),
            new JsonSerializerOptions { WriteIndented = true });

    internal static string Name(ShotTransition transition) => transition switch
    {
        ShotTransition.Start => "start",
        ShotTransition.Cut => "cut",
        ShotTransition.Dissolve => "dissolve",
        ShotTransition.Fade => "fade",
        _ => throw new ArgumentOutOfRangeException(nameof(transition), transition, null),
    };

    private static void PrintTable(TextWriter w, IReadOnlyList<Shot> shots, VideoInfo info)
    {
        // A plain fixed-width table, like eval's: it reads the same on a terminal, in a pipe and pasted into docs.
        var c = CultureInfo.InvariantCulture;
        var fps = info.FramesPerSecond;
        w.WriteLine("| start | end | frames | duration s | transition |");
        w.WriteLine("|---:|---:|---:|---:|---|");
        foreach (var shot in shots)
        {
            w.WriteLine(string.Create(c, $"| {shot.Start} | {shot.End} | {shot.FrameCount} | {shot.FrameCount / fps:F2} | {Name(shot.Transition)} |"));
        }

        w.WriteLine();
        w.WriteLine(string.Create(c, $"{shots.Count} shot{(shots.Count == 1 ? "" : "s")} in {info.FrameCount} frames ({info.FrameCount / fps:F2} s at {fps:0.###} fps)."));
    }
}
