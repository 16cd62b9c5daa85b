using System.CommandLine;
using SpatialMe.Cli.Conversion;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Media;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme submit</c>: queues a conversion on a farm cluster and prints its job id.</summary>
public static class SubmitCommand
{
    public static Command Build()
    {
        var conversion = new ConversionOptions();
        var connection = new ClusterConnection();
        var priority = new Option<int>("--priority") { Description = "Higher runs first; equal priorities run in submission order (default 0)." };
        var keep = new Option<bool>("--keep-intermediates") { Description = "Keep the job's depth and rendered segments in the media store after it is done." };
        var command = new Command("submit", "Queue a conversion on a farm cluster (see `spatialme silo`); prints the job id for `status`, `wait` and `cancel`.")
        {
            priority, keep,
        };
        conversion.AddTo(command);
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var (request, plan) = conversion.Read(parse);
            request.Models.ValidateDepthModel();
            var (spec, _, _) = await FarmConverter.SpecAsync(request, plan.SegmentFrames, plan.Overlap, parse.GetValue(keep), ct);
            spec = spec with { Priority = parse.GetValue(priority) };
            var settings = connection.Read(parse);
            settings.Locations().Require(spec);

            // The id hashes the input's identity: a blob's ETag needs the blob account (SPATIALME_BLOB or the config file).
            var files = new MediaFiles(settings.BlobAccount(), settings.WorkFolder());
            var id = JobIds.For(spec, await files.FingerprintAsync(spec.Input, ct));
            using var client = await ClusterHosts.ConnectClientAsync(settings, ct);
            var status = await ClusterClients.RetryAsync(() => ClusterClients.Coordinator(client).SubmitAsync(id, spec, ct), ct);
            System.Console.Out.WriteLine(id);
            System.Console.Error.WriteLine($"submitted: {status.State.ToApiName()}, {MediaFiles.Display(spec.Input)} -> {MediaFiles.Display(spec.Output)}");
            return 0;
        }));
        return command;
    }
}
