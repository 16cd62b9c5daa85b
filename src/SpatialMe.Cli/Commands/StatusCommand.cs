using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Host;

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
        var json = new Option<bool>("--json")
        {
            Description = "Print JSON. Of a cluster: the job as GET /api/v1/jobs/{id} gives it, or every job as the items of GET /api/v1/jobs; "
                + "of the local store: its jobs as an array.",
        };
        var segments = new Option<bool>("--segments")
        {
            Description = "With a job id and --json: print the job's segments as GET /api/v1/jobs/{id}/segments gives them (every attempt included).",
        };
        var job = new Argument<string?>("job") { Description = "A cluster job id: show that job and its segments.", Arity = ArgumentArity.ZeroOrOne };
        var connection = new ClusterConnection();
        var command = new Command(
            "status",
            "List jobs: state, progress, input and output, and why a job failed — of the cluster when Redis is configured, else of the local farm store.")
        {
            job, store, json, segments,
        };
        connection.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (connection.IsConfigured(parse))
            {
                return await ClusterStatusAsync(connection.Read(parse), parse.GetValue(job), parse.GetValue(json), parse.GetValue(segments), ct);
            }

            if (parse.GetValue(segments) || parse.GetValue(job) is not null)
            {
                System.Console.Error.WriteLine("error: a job id and --segments need a cluster (--redis, SPATIALME_REDIS or a config file); the local store lists its jobs.");
                return 2;
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

    /// <summary>
    /// A cluster's jobs. <c>--json</c> prints the REST API's own documents (<see cref="JobView"/>, <see cref="SegmentView"/>)
    /// in the API's JSON, so a script gets the same answer from either.
    /// </summary>
    private static async Task<int> ClusterStatusAsync(ClusterSettings settings, string? id, bool json, bool segments, CancellationToken ct)
    {
        if (segments && (id is null || !json))
        {
            System.Console.Error.WriteLine("error: --segments prints one job's segments as JSON: give a job id and --json.");
            return 2;
        }

        var options = new JsonSerializerOptions(FarmWeb.Json) { WriteIndented = true };
        try
        {
            using var client = await ClusterHosts.ConnectClientAsync(settings, ct);
            if (id is not null)
            {
                // As the API answers: a job still waiting in the coordinator's queue has no job grain state yet.
                var status = await ClusterClients.RetryAsync(() => ClusterClients.Client(client).GetJobStatusAsync(id, ct), ct);
                if (status is null)
                {
                    System.Console.Error.WriteLine($"error: no job '{id}' in cluster '{settings.ClusterId}'.");
                    return 1;
                }

                if (json)
                {
                    System.Console.Out.WriteLine(segments
                        ? JsonSerializer.Serialize<IReadOnlyList<SegmentView>>([.. status.Segments.Select(SegmentView.From)], options)
                        : JsonSerializer.Serialize(JobView.From(status), options));
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
                System.Console.Out.WriteLine(JsonSerializer.Serialize<IReadOnlyList<JobView>>([.. jobs.Select(JobView.From)], options));
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

    private static void PrintJob(JobStatus status)
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
