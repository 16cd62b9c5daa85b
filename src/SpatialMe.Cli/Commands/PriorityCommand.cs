using System.CommandLine;
using System.Globalization;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme priority &lt;job&gt; &lt;n&gt;</c>: changes a queued cluster job's priority — the same call and answers as
/// <c>PUT /api/v1/jobs/{id}/priority</c>.
/// </summary>
public static class PriorityCommand
{
    public static Command Build()
    {
        var job = new Argument<string>("job") { Description = "The id of a queued job." };
        var priority = new Argument<int>("priority") { Description = "The new priority (higher runs first)." };
        var connection = new ClusterConnection();
        var command = new Command("priority", "Change a queued cluster job's priority (higher is admitted first); a job that has left the queue keeps its place.") { job, priority };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var id = parse.GetValue(job)!;
            var value = parse.GetValue(priority);
            using var client = await ClusterHosts.ConnectClientAsync(connection.Read(parse), ct);
            Farm.Jobs.JobStatus status;
            try
            {
                status = await ClusterClients.RetryAsync(() => ClusterClients.Coordinator(client).SetPriorityAsync(id, value, ct), ct);
            }
            catch (InvalidOperationException e)
            {
                // The job is not in a state for this call (the API's 409): exit 2, as for an unknown job.
                System.Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }

            System.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{id}: {status.State.ToApiName()}, priority {status.Spec.Priority}"));
            return 0;
        }));
        return command;
    }
}
