using System.CommandLine;
using SpatialMe.Cli.Console;
using SpatialMe.Cli.Conversion;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme wait &lt;job&gt;</c>: follows a cluster job to its end; exit 0 when done, 1 when it failed or was cancelled.</summary>
public static class WaitCommand
{
    public static Command Build()
    {
        var job = new Argument<string>("job") { Description = "The job id `submit` printed." };
        var connection = new ClusterConnection();
        var command = new Command("wait", "Follow a cluster job with progress until it is done, failed or cancelled (Ctrl-C stops waiting, not the job).") { job };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var id = parse.GetValue(job)!;
            using var client = await ClusterHosts.ConnectClientAsync(connection.Read(parse), ct);
            var grain = ClusterClients.Job(client, id);
            JobStatus? status = null;
            await new ProgressReporter(System.Console.Out).RunAsync(id, async (Action<int, int, string?> report) =>
            {
                while (true)
                {
                    status = await ClusterClients.RetryAsync(() => grain.GetStatusAsync(ct), ct) ?? throw new ArgumentException($"no job '{id}' in this cluster.");
                    report(Math.Min(status.FramesDone, status.FramesTotal), Math.Max(1, status.FramesTotal), FarmConverter.Describe(status));
                    if (status.State.IsFinal())
                    {
                        return;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                }
            });
            System.Console.Out.WriteLine($"{id}: {status!.State.ToApiName()}" + (status.Error is null ? string.Empty : $": {status.Error}"));
            return status.State == JobState.Done ? 0 : 1;
        }, "stopped waiting; the job goes on."));
        return command;
    }
}
