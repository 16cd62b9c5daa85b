using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SpatialMe.Farm.Hosting;

namespace SpatialMe.Cli.Commands;

/// <summary><c>spatialme status</c>: the jobs in the embedded farm's store, newest first.</summary>
public static class StatusCommand
{
    public static Command Build()
    {
        var store = new Option<string?>("--store")
        {
            Description = "The farm store to read (default: $SPATIALME_STORE, else ~/.local/share/spatialme/farm).",
        };
        var json = new Option<bool>("--json") { Description = "Print the jobs as a JSON array." };
        var command = new Command("status", "List the jobs in the local farm store: state, progress, input and output, and why a job failed.")
        {
            store, json,
        };
        command.SetAction(parse =>
        {
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
}
