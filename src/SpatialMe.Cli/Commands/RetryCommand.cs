using System.CommandLine;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme retry &lt;job&gt;</c>: runs a failed cluster job's failed segments (and its stitch) again, keeping its
/// committed segments — the same call and answers as <c>POST /api/v1/jobs/{id}/retry</c>.
/// </summary>
public static class RetryCommand
{
    public static Command Build()
    {
        var job = new Argument<string>("job") { Description = "The id of a failed job (`submit` printed it)." };
        var connection = new ClusterConnection();
        var command = new Command("retry", "Retry a failed cluster job: its failed segments and stitch run again, committed segments are kept.") { job };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var id = parse.GetValue(job)!;
            using var client = await ClusterHosts.ConnectClientAsync(connection.Read(parse), ct);
            Farm.Jobs.JobStatus status;
            try
            {
                status = await ClusterClients.RetryAsync(() => ClusterClients.Coordinator(client).RetryAsync(id, ct), ct);
            }
            catch (InvalidOperationException e)
            {
                // The job is not in a state for this call (the API's 409): exit 2, as for an unknown job.
                System.Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            System.Console.Out.WriteLine($"{id}: {status.State.ToApiName()} (retrying)");
            return 0;
        }));
        return command;
    }
}
