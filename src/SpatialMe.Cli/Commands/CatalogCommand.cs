using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SpatialMe.Cli.Conversion;
using SpatialMe.Farm.Catalogs;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// <c>spatialme catalog submit|status|wait</c>: a studio's catalog of titles on a farm cluster. The manifest is checked
/// row by row before anything is submitted; every bad row is printed with its line and reason and becomes a failed
/// title (with <c>--strict</c>, nothing is submitted instead), and the good rows are queued as film jobs.
/// </summary>
public static class CatalogCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static Command Build() =>
        new("catalog", "Submit a manifest of titles to a farm cluster and follow them (see docs/operations.md for the manifest format).")
        {
            Submit(), Status(), Wait(),
        };

    private static Command Submit()
    {
        var manifest = new Argument<string>("manifest")
        {
            Description = "CSV (header row) or JSON array of titles: id, input, output (required), format, priority, divergence, convergence, segment-frames, overlap, codec, crf, preset, pix-fmt, refiner, depth-model, depth-input-size.",
        };
        var refiner = new Option<string?>("--refiner")
        {
            Description = "MHFU refiner weights for titles whose row has no refiner, or 'none' for the rule-based fusion. "
                + $"Default: the refiner shipped with this build ({ShippedRefiner.RelativePath} beside the program) when it has one, else the rule-based fusion.",
        };
        var depthModel = new Option<string?>("--depth-model")
        {
            Description = "Depth Anything V2 checkpoint for titles whose row has no depth-model. Default: the built-in cue-based estimator.",
        };
        var depthInputSize = new Option<int>("--depth-input-size")
        {
            Description = "Short side of the depth network's input for titles whose row has no depth-input-size.",
            DefaultValueFactory = _ => DepthAnythingPreprocessor.DefaultInputSize,
        };
        var id = new Option<string?>("--id") { Description = "The catalog id (default: the manifest's file name without extension). Submitting the same id again resumes failed titles and adds new ones." };
        var strict = new Option<bool>("--strict") { Description = "Submit nothing if any row is bad (default: submit the good rows; the bad ones become failed titles)." };
        var check = new Option<bool>("--check") { Description = "Only check the manifest: print every bad row and exit (2 if any), submitting nothing." };
        var connection = new ClusterConnection();
        var command = new Command("submit", "Check a manifest row by row and queue its titles on the cluster; prints the catalog id.") { manifest, id, strict, check, refiner, depthModel, depthInputSize };
        connection.AddTo(command);
        command.SetAction((parse, ct) => ClientErrors.RunAsync(async () =>
        {
            var path = parse.GetValue(manifest)!;
            if (!File.Exists(path))
            {
                throw new ArgumentException($"manifest '{path}' does not exist.");
            }

            // The defaults are checked as `submit` checks its options (relative paths are the working folder's); the rows'
            // own model columns must be full paths, like their inputs and outputs.
            var defaults = ConversionModels.Resolve(parse.GetValue(refiner), parse.GetValue(depthModel), parse.GetValue(depthInputSize));
            defaults.ValidateDepthModel();
            var models = new CatalogModels
            {
                Refiner = defaults.RefinerIsShipped ? null : defaults.RefinerPath ?? ShippedRefiner.None,
                DepthModel = defaults.DepthModelPath,
                DepthInputSize = defaults.DepthInputSize,
            };
            var settings = connection.Read(parse);
            var (titles, errors) = CatalogManifest.Parse(path, settings.Locations(), models);
            foreach (var error in errors)
            {
                System.Console.Error.WriteLine($"{Path.GetFileName(path)}: {error}");
            }

            System.Console.Error.WriteLine($"{titles.Count} valid title(s), {errors.Count} bad row(s).");
            if (parse.GetValue(check))
            {
                return errors.Count == 0 ? 0 : 2;
            }

            if (errors.Count > 0 && parse.GetValue(strict))
            {
                System.Console.Error.WriteLine("--strict: nothing submitted.");
                return 2;
            }

            var catalogId = parse.GetValue(id) ?? DefaultId(path);
            var entries = CatalogManifest.Entries(titles, errors);
            using var client = await ClusterHosts.ConnectClientAsync(settings, ct);
            var status = await ClusterClients.RetryAsync(() => ClusterClients.Catalog(client, catalogId).SubmitAsync(Path.GetFileName(path), entries, ct), ct);
            System.Console.Out.WriteLine(catalogId);
            System.Console.Error.WriteLine(
                $"catalog {catalogId}: {status.Titles.Count(t => t.JobId is not null)} title(s) queued, {status.Count(JobState.Failed)} failed; follow it with `spatialme catalog status {catalogId}`.");
            return 0;
        }));
        return command;
    }

    private static Command Status()
    {
        var id = new Argument<string>("id") { Description = "The catalog id `catalog submit` printed." };
        var json = new Option<bool>("--json") { Description = "Print the catalog as JSON, as GET /api/v1/catalogs/{id} answers it (id, manifest, submittedAt, state, progress, total and counts by state, titles[]: id, line, jobId, state, progress, framesDone, framesTotal, input, output, error)." };
        var connection = new ClusterConnection();
        var command = new Command("status", "Show every title of a catalog: state, progress, output, and why a title failed.") { id, json };
        connection.AddTo(command);
        command.SetAction((parse, ct) => WithCatalogAsync(connection, parse, parse.GetValue(id)!, ct, (_, status) =>
        {
            if (parse.GetValue(json))
            {
                System.Console.Out.WriteLine(JsonSerializer.Serialize(CatalogView.From(status), Json));
            }
            else
            {
                Print(status);
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Wait()
    {
        var id = new Argument<string>("id") { Description = "The catalog id `catalog submit` printed." };
        var connection = new ClusterConnection();
        var command = new Command("wait", "Follow a catalog until every title is done, failed or cancelled; exit 0 when all are done, 1 otherwise.") { id };
        connection.AddTo(command);
        command.SetAction((parse, ct) => WithCatalogAsync(connection, parse, parse.GetValue(id)!, ct, async (client, first) =>
        {
            var catalogId = first.Id;
            var status = first;
            var last = "";
            while (true)
            {
                var line = Summary(status);
                if (line != last)
                {
                    System.Console.Out.WriteLine(line);
                    last = line;
                }

                if (status.IsFinished)
                {
                    break;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), ct);
                status = await ClusterClients.RetryAsync(() => ClusterClients.Catalog(client, catalogId).GetStatusAsync(ct), ct) ?? status;
            }

            Print(status);
            return status.Titles.All(t => t.State == JobState.Done) ? 0 : 1;
        }));
        return command;
    }

    /// <summary>Connects once, reads the catalog (exit 2 where there is none) and hands both to <paramref name="action"/>.</summary>
    private static Task<int> WithCatalogAsync(
        ClusterConnection connection, ParseResult parse, string id, CancellationToken ct, Func<Microsoft.Extensions.Hosting.IHost, CatalogStatus, Task<int>> action) =>
        ClientErrors.RunAsync(
            async () =>
            {
                var settings = connection.Read(parse);
                using var client = await ClusterHosts.ConnectClientAsync(settings, ct);
                var status = await ClusterClients.RetryAsync(() => ClusterClients.Catalog(client, id).GetStatusAsync(ct), ct)
                    ?? throw new KeyNotFoundException($"no catalog '{id}' in cluster '{settings.ClusterId}'.");
                return await action(client, status);
            },
            "stopped; the catalog goes on.");

    private static string Summary(CatalogStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        var progress = status.Titles.Count == 0 ? 0 : status.Titles.Average(t => t.State == JobState.Done ? 1 : t.Progress);
        return string.Create(c,
            $"catalog {status.Id}: {progress * 100:F0}% — {status.Count(JobState.Done)} done, {status.Count(JobState.Running)} running, {status.Count(JobState.Queued)} queued, {status.Count(JobState.Failed)} failed, {status.Count(JobState.Cancelled)} cancelled");
    }

    private static void Print(CatalogStatus status)
    {
        var c = CultureInfo.InvariantCulture;
        System.Console.Out.WriteLine(Summary(status));
        foreach (var t in status.Titles)
        {
            System.Console.Out.WriteLine(string.Create(c, $"  {t.Id,-24} {t.State.ToApiName(),-9} {t.Progress * 100,3:F0}%  line {t.Line}  {t.JobId ?? "-"}"));
            if (t.Output is not null)
            {
                System.Console.Out.WriteLine($"      {t.Input} -> {t.Output}");
            }

            if (t.Error is not null)
            {
                System.Console.Out.WriteLine($"      error: {t.Error}");
            }
        }
    }

    /// <summary>The manifest's file name without extension, as an id (letters, digits, '-', '_', '.').</summary>
    internal static string DefaultId(string manifest)
    {
        var name = Path.GetFileNameWithoutExtension(manifest);
        var id = new string(name.Select(ch => char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '-').ToArray()).Trim('-');
        return id.Length > 0 ? id : "catalog";
    }
}
