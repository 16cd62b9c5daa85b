using System.CommandLine;
using SpatialMe.Cli.Commands;

namespace SpatialMe.Cli;

/// <summary>Builds the `spatialme` command tree.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot() =>
        new("SpatialMe: convert 2D video to stereo 3D with depth-warping and blend-inpainting.")
        {
            ConvertCommand.Build(),
            EvalCommand.Build(),
            ShotsCommand.Build(),
            StatusCommand.Build(),
        };

    public static Task<int> RunAsync(string[] args) => BuildRoot().Parse(args).InvokeAsync();
}
