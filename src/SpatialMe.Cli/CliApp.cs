using System.CommandLine;

namespace SpatialMe.Cli;

/// <summary>Builds the `spatialme` command tree.</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("SpatialMe: convert 2D video to stereo 3D (depth-warping and blend-inpainting).");
        return root;
    }

    public static Task<int> RunAsync(string[] args) => BuildRoot().Parse(args).InvokeAsync();
}
