using System.CommandLine;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme cancel &lt;job&gt;</c>: cancels a queued or running cluster job (committed segments are kept).</summary>
public static class CancelCommand
{
    public static Command Build()
    {
        var job = new Argument<string>("job") { Description = "The job id `submit` printed." };
        var connection = new ClusterConnection();
        var command = new Command("cancel", "Cancel a queued or running cluster job; submitting it again resumes from its committed segments.") { job };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var id = parse.GetValue(job)!;
            using var client = await ClusterHosts.ConnectClientAsync(connection.Read(parse), ct);
            await ClusterClients.RetryAsync(() => ClusterClients.Coordinator(client).CancelAsync(id, ct), ct);
            System.Console.Out.WriteLine($"{id}: cancelled");
            return 0;
        }));
        return command;
    }
}
