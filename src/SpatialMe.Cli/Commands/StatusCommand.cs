using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme status</c>: the jobs of a cluster (when Redis is configured: <c>--redis</c>, SPATIALME_REDIS or a
/// config file) or of the embedded farm's local store, newest first; with a job id, that job and its segments.
/// </summary>
public static class StatusCommand
{
    public static Command Build()
    {
        var store = new Option<string?>("--store")
        {
            Description = "The farm store to read (default: $SPATIALME_STORE, else ~/.local/share/spatialme/farm).",
        };
        var json = new Option<bool>("--json") { Description = "Print the jobs as a JSON array." };
        var job = new Argument<string?>("job") { Description = "A cluster job id: show that job and its segments.", Arity = ArgumentArity.ZeroOrOne };
        var connection = new ClusterConnection();
        var command = new Command(
            "status",
            "List jobs: state, progress, input and output, and why a job failed — of the cluster when Redis is configured, else of the local farm store.")
        {
            job, store, json,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (connection.IsConfigured(parse))
            {
                return await ClusterStatusAsync(connection.Read(parse), parse.GetValue(job), parse.GetValue(json), ct);
            }

            var folder = parse.GetValue(store) ?? EmbeddedFarm.DefaultStore();
            if (!Directory.Exists(folder))
            {
                System.Console.Error.WriteLine($"error: no farm store at '{folder}' (nothing has been converted with it yet).");
                return 1;
            }

            var jobs = StoredJobs.Read(folder);
            if (parse.GetValue(json))
            {
                System.Console.Out.WriteLine(JsonSerializer.Serialize(jobs, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
                return 0;
            }

            if (jobs.Count == 0)
            {
                System.Console.Out.WriteLine($"no jobs in '{folder}'.");
                return 0;
            }

            var c = CultureInfo.InvariantCulture;
            foreach (var job in jobs)
            {
                var progress = job.Segments > 0 ? string.Create(c, $"{job.SegmentsDone}/{job.Segments} segments, {job.Shots} shots, {job.Frames} frames") : "not planned yet";
                System.Console.Out.WriteLine(string.Create(c, $"{job.Id}  {job.State,-11} {job.Stage,-9} {progress}"));
                System.Console.Out.WriteLine($"    {job.Input} -> {job.Output}");
                if (job.Error is not null)
                {
                    System.Console.Out.WriteLine($"    error: {job.Error}");
                }

                if (job.State == "interrupted")
                {
                    System.Console.Out.WriteLine("    run the same convert command again to resume it.");
                }
            }

            return 0;
        });
        return command;
    }

    private static async Task<int> ClusterStatusAsync(ClusterSettings settings, string? id, bool json, CancellationToken ct)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) } };
        try
        {
            using var client = await ClusterHosts.ConnectClientAsync(settings, ct);
            if (id is not null)
            {
                var status = await ClusterClients.RetryAsync(() => ClusterClients.Job(client, id).GetStatusAsync(ct), ct);
                if (status is null)
                {
                    System.Console.Error.WriteLine($"error: no job '{id}' in cluster '{settings.ClusterId}'.");
                    return 1;
                }

                if (json)
                {
                    System.Console.Out.WriteLine(JsonSerializer.Serialize(status, options));
                    return 0;
                }

                PrintJob(status);
                foreach (var s in status.Segments)
                {
                    System.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    segment {s.Index,4}  shot {s.Shot,3}  frames {s.Start}-{s.End - 1}  {s.Stage.ToString().ToLowerInvariant(),-10} attempts {s.Attempts}  {s.Silo}{(s.LastError is null ? "" : "  " + s.LastError)}"));
                }

                return 0;
            }

            var jobs = await ClusterClients.RetryAsync(() => ClusterClients.Coordinator(client).ListJobsAsync(ct), ct);
            if (json)
            {
                System.Console.Out.WriteLine(JsonSerializer.Serialize(jobs, options));
                return 0;
            }

            if (jobs.Count == 0)
            {
                System.Console.Out.WriteLine($"no jobs in cluster '{settings.ClusterId}'.");
            }

            foreach (var status in jobs)
            {
                PrintJob(status);
            }

            return 0;
        }
        catch (IOException e)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static void PrintJob(Farm.Jobs.JobStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        System.Console.Out.WriteLine(string.Create(c, $"{status.Id}  {status.State.ToString().ToLowerInvariant(),-9} {status.Stage.ToString().ToLowerInvariant(),-9} {status.Progress * 100:F0}%  {status.FramesDone}/{status.FramesTotal} frames"));
        System.Console.Out.WriteLine($"    {status.Spec.Input} -> {status.Spec.Output}");
        if (status.Error is not null)
        {
            System.Console.Out.WriteLine($"    error: {status.Error}");
        }
    }
}
