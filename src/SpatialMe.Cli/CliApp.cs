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
            SiloCommand.Build(),
            SubmitCommand.Build(),
            WaitCommand.Build(),
            CancelCommand.Build(),
            RetryCommand.Build(),
            PriorityCommand.Build(),
            CatalogCommand.Build(),
            TrainCommand.Build(),
            ModelsCommand.Build(),
            DepthCommand.Build(),
            QcCommand.Build(),
            WebCommands.BuildServe(),
            WebCommands.BuildWeb(),
        };

    /// <summary>
    /// Ctrl-C and SIGTERM cancel the running command, which then gets up to a minute to stop cleanly (cancel a job,
    /// hand a silo's work back) before the process is ended — System.CommandLine's default grace is 2 s.
    /// </summary>
    public static Task<int> RunAsync(string[] args) =>
        BuildRoot().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromMinutes(1) });
}
