using System.Globalization;
using System.Text.Json;
using SpatialMe.Farm.Jobs;
using SpatialMe.Models.Depth;
using SpatialMe.Models.Refiner;

namespace SpatialMe.Farm.Catalogs;

/// <summary>One valid title of a manifest: its id (unique in the manifest) and the job it becomes.</summary>
public sealed record CatalogTitle(int Line, string Id, JobSpec Spec);

/// <summary>
/// The models of titles whose row does not name them (<c>catalog submit --refiner</c>, <c>--depth-model</c>,
/// <c>--depth-input-size</c>): <see cref="Refiner"/> null means the shipped refiner where the build has one (else the
/// rule-based fusion), <c>none</c> the rule-based fusion, else a full path; <see cref="DepthModel"/> null means the
/// cue-based depth.
/// </summary>
public sealed record CatalogModels
{
    public static CatalogModels Default { get; } = new();

    public string? Refiner { get; init; }

    public string? DepthModel { get; init; }

    public int DepthInputSize { get; init; } = JobModels.DefaultDepthInputSize;
}

/// <summary>One bad row: where it is and what is wrong with it.</summary>
public sealed record ManifestError(int Line, string Reason)
{
    public override string ToString() => $"line {Line}: {Reason}";
}

/// <summary>
/// A studio's catalog manifest — CSV with a header row, or a JSON array of objects — validated row by row before
/// anything is submitted: every bad row is reported with its line and reason, and the good rows are returned as job
/// specs. Columns: <c>id</c>, <c>input</c>, <c>output</c> (required), <c>format</c>, <c>priority</c>, and per-title
/// settings <c>divergence</c>, <c>convergence</c>, <c>segment-frames</c>, <c>overlap</c>, <c>codec</c>, <c>crf</c>,
/// <c>preset</c>, <c>pix-fmt</c>, and the models <c>refiner</c> (a full path or <c>none</c>), <c>depth-model</c> (a
/// full path) and <c>depth-input-size</c> (optional; empty means the default, for models the
/// <see cref="CatalogModels"/> given). <c>_</c> may stand for <c>-</c> in column names. Model files must be local
/// paths under the allowed roots; each is checked (the refiner's header is read) and fingerprinted as by <c>submit</c>,
/// so a title's models are part of its job id. Unknown columns are errors, so a typo is never silently ignored.
/// </summary>
public static class CatalogManifest
{
    private static readonly string[] Known =
        ["id", "input", "output", "format", "priority", "divergence", "convergence", "segment-frames", "overlap", "codec", "crf", "preset", "pix-fmt", "refiner", "depth-model", "depth-input-size"];

    public static (IReadOnlyList<CatalogTitle> Titles, IReadOnlyList<ManifestError> Errors) Parse(
        string path, MediaLocations locations, CatalogModels? models = null)
    {
        var text = File.ReadAllText(path);
        return ParseText(text, Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase), locations, models);
    }

    /// <summary>A manifest's text (<paramref name="json"/>: a JSON array, else CSV), validated as <see cref="Parse"/> does.</summary>
    public static (IReadOnlyList<CatalogTitle> Titles, IReadOnlyList<ManifestError> Errors) ParseText(
        string text, bool json, MediaLocations locations, CatalogModels? models = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Validate(json ? JsonRows(text) : CsvRows(text), locations, models);
    }

    /// <summary>What a catalog grain is given: the valid titles, and every bad row as a failed title named <c>line-N</c>.</summary>
    public static IReadOnlyList<CatalogEntry> Entries(IReadOnlyList<CatalogTitle> titles, IReadOnlyList<ManifestError> errors) =>
        titles.Select(t => new CatalogEntry { Id = t.Id, Line = t.Line, Spec = t.Spec })
            .Concat(errors.Select(e => new CatalogEntry { Id = string.Create(CultureInfo.InvariantCulture, $"line-{e.Line}"), Line = e.Line, Rejection = e.Reason }))
            .ToList();

    public static (IReadOnlyList<CatalogTitle> Titles, IReadOnlyList<ManifestError> Errors) Validate(
        IEnumerable<(int Line, IReadOnlyDictionary<string, string> Fields)> rows, MediaLocations locations, CatalogModels? models = null)
    {
        models ??= CatalogModels.Default;
        var titles = new List<CatalogTitle>();
        var errors = new List<ManifestError>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, raw) in rows)
        {
            if (raw.TryGetValue("error", out var error))
            {
                errors.Add(new ManifestError(line, error));
                continue;
            }

            var reasons = new List<string>();
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in raw)
            {
                var canonical = name.Replace('_', '-');
                if (!Known.Contains(canonical))
                {
                    reasons.Add($"unknown column '{name}'");
                }
                else if (!fields.TryAdd(canonical, value))
                {
                    reasons.Add($"column '{canonical}' is given twice");
                }
            }

            var id = Field(fields, "id");
            if (id is null)
            {
                reasons.Add("id is missing");
            }
            else if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || id.Length > 100)
            {
                reasons.Add($"id '{id}' may only hold letters, digits, '-', '_' and '.' (at most 100)");
            }
            else if (ids.TryGetValue(id, out var first))
            {
                reasons.Add($"id '{id}' is already used on line {first}");
            }

            foreach (var name in new[] { "input", "output" })
            {
                if (Field(fields, name) is not { } location)
                {
                    reasons.Add($"{name} is missing");
                }
                else if (locations.Check(location) is { } why)
                {
                    reasons.Add($"{name} '{Storage.MediaFiles.Display(location)}' {why}");
                }
            }

            var spec = new JobSpec { Input = Field(fields, "input") ?? "", Output = Field(fields, "output") ?? "" };
            spec = With(spec, fields, reasons);
            spec = spec with { Models = Models(fields, locations, models, reasons) };
            if (reasons.Count == 0)
            {
                try
                {
                    JobSpecs.Validate(spec);
                }
                catch (ArgumentException e)
                {
                    reasons.Add(e.Message);
                }
            }

            if (reasons.Count > 0)
            {
                errors.Add(new ManifestError(line, string.Join("; ", reasons)));
            }
            else
            {
                ids[id!] = line;
                titles.Add(new CatalogTitle(line, id!, spec));
            }
        }

        return (titles, errors);
    }

    private static JobSpec With(JobSpec spec, IReadOnlyDictionary<string, string> fields, List<string> reasons)
    {
        spec = Field(fields, "format") is { } format ? spec with { Format = format } : spec;
        spec = Number(fields, "priority", reasons) is { } p ? spec with { Priority = (int)p } : spec;
        spec = Number(fields, "divergence", reasons, integer: false) is { } d ? spec with { Divergence = d } : spec;
        spec = Number(fields, "convergence", reasons, integer: false) is { } c ? spec with { Convergence = c } : spec;
        spec = Number(fields, "segment-frames", reasons) is { } n ? spec with { SegmentFrames = (int)n } : spec;
        spec = Number(fields, "overlap", reasons) is { } k ? spec with { Overlap = (int)k } : spec;
        spec = Field(fields, "codec") is { } codec ? spec with { Codec = codec } : spec;
        spec = Number(fields, "crf", reasons) is { } crf ? spec with { Crf = (int)crf } : spec;
        spec = Field(fields, "preset") is { } preset ? spec with { Preset = preset } : spec;
        return Field(fields, "pix-fmt") is { } pix ? spec with { PixelFormat = pix } : spec;
    }

    /// <summary>The row's models (its own columns, else the defaults), each file checked and fingerprinted.</summary>
    private static JobModels? Models(IReadOnlyDictionary<string, string> fields, MediaLocations locations, CatalogModels defaults, List<string> reasons)
    {
        var refiner = Field(fields, "refiner") ?? defaults.Refiner;
        var depthModel = Field(fields, "depth-model") ?? defaults.DepthModel;
        var inputSize = Number(fields, "depth-input-size", reasons) is { } n ? (int)n : defaults.DepthInputSize;
        if (inputSize < DepthAnythingConfig.PatchSize)
        {
            reasons.Add($"depth-input-size must be at least {DepthAnythingConfig.PatchSize}, got {inputSize}");
        }

        var shipped = refiner is null;
        var refinerPath = ShippedRefiner.Resolve(refiner);
        var ok = true;
        foreach (var (name, path) in new[] { ("refiner", shipped ? null : refinerPath), ("depth-model", depthModel) })
        {
            if (path is null)
            {
                continue;
            }

            var why = Uri.TryCreate(path, UriKind.Absolute, out var uri) && !uri.IsFile
                ? "is a URI; model files must be local paths on the silos"
                : locations.Check(path)
                    ?? (name == "refiner" ? JobModelFiles.RefinerProblem(path) : File.Exists(path) ? null : "does not exist");
            if (why is not null)
            {
                reasons.Add($"{name} '{Storage.MediaFiles.Display(path)}' {why}");
                ok = false;
            }
        }

        if (!ok || reasons.Count > 0)
        {
            return null;
        }

        try
        {
            return JobModelFiles.For(refinerPath is null ? null : Path.GetFullPath(refinerPath), shipped, depthModel is null ? null : Path.GetFullPath(depthModel), inputSize);
        }
        catch (IOException e)
        {
            reasons.Add($"a model file cannot be read: {e.Message}");
            return null;
        }
    }

    private static string? Field(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static double? Number(IReadOnlyDictionary<string, string> fields, string name, List<string> reasons, bool integer = true)
    {
        if (Field(fields, name) is not { } text)
        {
            return null;
        }

        var style = integer ? NumberStyles.Integer : NumberStyles.Float;
        if (double.TryParse(text, style, CultureInfo.InvariantCulture, out var value) && (!integer || value == Math.Floor(value)))
        {
            return value;
        }

        reasons.Add($"{name} must be {(integer ? "a whole number" : "a number")}, got '{text}'");
        return null;
    }

    /// <summary>Rows of a CSV file with a header (RFC 4180 quoting); line numbers are the file's.</summary>
    internal static IEnumerable<(int, IReadOnlyDictionary<string, string>)> CsvRows(string text)
    {
        var records = CsvReader.Read(text);
        if (records.Count == 0)
        {
            yield break;
        }

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        foreach (var (line, values) in records.Skip(1))
        {
            if (values.Count == 1 && string.IsNullOrWhiteSpace(values[0]))
            {
                continue; // blank line
            }

            if (values.Count != header.Count)
            {
                yield return (line, new Dictionary<string, string> { ["error"] = $"has {values.Count} fields but the header has {header.Count}" });
                continue;
            }

            yield return (line, header.Zip(values).ToDictionary(p => p.First, p => p.Second));
        }
    }

    /// <summary>Rows of a JSON array of objects; "line" is the object's line in the file.</summary>
    internal static IEnumerable<(int, IReadOnlyDictionary<string, string>)> JsonRows(string text)
    {
        var rows = new List<(int, IReadOnlyDictionary<string, string>)>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(text), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [(1, new Dictionary<string, string> { ["error"] = "the manifest must be a JSON array of titles" })];
            }

            var lines = ObjectLines(text);
            var i = 0;
            foreach (var element in document.RootElement.EnumerateArray())
            {
                var line = i < lines.Count ? lines[i] : 1;
                i++;
                if (element.ValueKind != JsonValueKind.Object)
                {
                    rows.Add((line, new Dictionary<string, string> { ["error"] = "is not a JSON object" }));
                    continue;
                }

                rows.Add((line, element.EnumerateObject().ToDictionary(
                    p => p.Name.ToLowerInvariant(),
                    p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())));
            }
        }
        catch (JsonException e)
        {
            rows.Add(((int)(e.LineNumber ?? 0) + 1, new Dictionary<string, string> { ["error"] = $"is not valid JSON: {e.Message}" }));
        }

        return rows;
    }

    /// <summary>The 1-based line of each top-level object's opening brace in a JSON array.</summary>
    private static List<int> ObjectLines(string text)
    {
        var lines = new List<int>();
        var depth = 0;
        var line = 1;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }
            else if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                if (c == '{' && depth == 1)
                {
                    lines.Add(line);
                }

                depth++;
            }
            else if (c is ']' or '}')
            {
                depth--;
            }
        }

        return lines;
    }
}
