using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SpatialMe.Capacity.Values;

/// <summary>One documented value of a Helm chart: where it sits, what it takes, and what it means.</summary>
public sealed record ValueRow(string Path, string Type, string Default, string Constraints, string Description);

/// <summary>
/// Turns a chart's <c>values.schema.json</c> into the values reference of docs/kubernetes.md, so the reference is
/// written once (in the schema) and never drifts from what the chart accepts. Reads the subset of JSON Schema
/// (draft-07 and 2020-12) a values schema uses: type, description, default, enum, const, minimum, maximum,
/// exclusive bounds, minLength, pattern, minItems/maxItems, properties, required, items, additionalProperties,
/// allOf/anyOf/oneOf (their keys are listed under the object that holds them), and <c>$ref</c> to
/// <c>#/definitions/…</c> or <c>#/$defs/…</c>. Every property becomes a row, depth first in the
/// schema's order; array items appear under <c>key[]</c> and free-form maps under <c>key.&lt;name&gt;</c>.
/// </summary>
public static class SchemaValuesTable
{
    private static readonly string[] Combinators = ["allOf", "anyOf", "oneOf"];

    public static IReadOnlyList<ValueRow> Rows(string schemaJson)
    {
        JsonNode root;
        try
        {
            root = JsonNode.Parse(schemaJson) ?? throw new FormatException("the schema is empty (null).");
        }
        catch (JsonException e)
        {
            throw new FormatException($"the schema is not valid JSON: {e.Message}", e);
        }

        if (root is not JsonObject rootObject)
        {
            throw new FormatException("the schema must be a JSON object.");
        }

        var rows = new List<ValueRow>();
        Walk(rootObject, rootObject, "", rows, []);
        // A key that alternatives (allOf/anyOf/oneOf) declare more than once is listed where it first appears.
        return rows.DistinctBy(r => r.Path).ToList();
    }

    /// <summary>The Markdown table of <see cref="Rows"/>: key, type, default, constraints, description.</summary>
    public static string Markdown(IReadOnlyList<ValueRow> rows)
    {
        var text = new StringBuilder();
        text.Append("| key | type | default | constraints | description |\n");
        text.Append("|---|---|---|---|---|\n");
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"| `{Cell(row.Path)}` | {Cell(row.Type)} | {Code(row.Default)} | {Cell(row.Constraints)} | {Cell(row.Description)} |\n");
        }

        return text.ToString();
    }

    private static void Walk(JsonObject root, JsonObject schema, string path, List<ValueRow> rows, HashSet<string> refsOnPath)
    {
        var (resolved, refName) = Resolve(root, schema, path);
        if (refName is not null && !refsOnPath.Add(refName))
        {
            return; // a recursive definition: its rows are already listed above this one
        }

        var required = resolved["required"] is JsonArray names ? names.Select(n => n?.GetValue<string>()).ToHashSet() : [];
        if (resolved["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                if (child is not JsonObject childSchema)
                {
                    throw new FormatException($"property '{Join(path, name)}' must be a schema object.");
                }

                var childPath = Join(path, name);
                var (childResolved, _) = Resolve(root, childSchema, childPath);
                rows.Add(Row(childPath, childSchema, childResolved, required.Contains(name)));
                Walk(root, childSchema, childPath, rows, refsOnPath);
            }
        }

        // Alternatives and combinations (e.g. an external Redis or an in-chart one): their keys belong to this object too.
        foreach (var keyword in Combinators)
        {
            if (resolved[keyword] is JsonArray branches)
            {
                foreach (var branch in branches.OfType<JsonObject>())
                {
                    Walk(root, branch, path, rows, refsOnPath);
                }
            }
        }

        if (resolved["items"] is JsonObject items)
        {
            var itemPath = path + "[]";
            var (itemResolved, _) = Resolve(root, items, itemPath);
            if (itemResolved["properties"] is not null || itemResolved["items"] is not null || itemResolved["additionalProperties"] is JsonObject)
            {
                Walk(root, items, itemPath, rows, refsOnPath);
            }
        }

        if (resolved["additionalProperties"] is JsonObject values)
        {
            var valuePath = Join(path, "<name>");
            var (valueResolved, _) = Resolve(root, values, valuePath);
            rows.Add(Row(valuePath, values, valueResolved, false));
            Walk(root, values, valuePath, rows, refsOnPath);
        }

        if (refName is not null)
        {
            refsOnPath.Remove(refName);
        }
    }

    /// <summary>
    /// The schema a <c>$ref</c> points to, with the referring schema's own keywords (a description or default next to
    /// the reference) taking precedence; the schema itself where it has none.
    /// </summary>
    private static (JsonObject Schema, string? Ref) Resolve(JsonObject root, JsonObject schema, string path)
    {
        if (schema["$ref"] is not JsonValue reference)
        {
            return (schema, null);
        }

        var pointer = reference.GetValue<string>();
        string[] prefixes = ["#/definitions/", "#/$defs/"];
        var prefix = prefixes.FirstOrDefault(p => pointer.StartsWith(p, StringComparison.Ordinal))
            ?? throw new FormatException($"'{Display(path)}': only $ref to #/definitions/… or #/$defs/… is supported, got '{pointer}'.");
        var section = prefix[2..^1];
        var name = pointer[prefix.Length..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        if (root[section] is not JsonObject definitions || definitions[name] is not JsonObject target)
        {
            throw new FormatException($"'{Display(path)}': $ref '{pointer}' points to nothing in the schema.");
        }

        var (resolved, _) = Resolve(root, target, path);
        var merged = (JsonObject)resolved.DeepClone();
        foreach (var (key, value) in schema)
        {
            if (key != "$ref")
            {
                merged[key] = value?.DeepClone();
            }
        }

        return (merged, pointer);
    }

    private static ValueRow Row(string path, JsonObject own, JsonObject schema, bool required) =>
        new(path, TypeOf(schema), DefaultOf(schema), Constraints(schema, required), Text(own["description"]) ?? Text(schema["description"]) ?? "");

    private static string TypeOf(JsonObject schema)
    {
        var type = schema["type"] switch
        {
            JsonArray types => string.Join(" or ", types.Select(t => t?.GetValue<string>())),
            JsonValue one => one.GetValue<string>(),
            _ => schema["enum"] is not null ? "enum" : schema["properties"] is not null ? "object" : "any",
        };
        if (type == "array" && schema["items"] is JsonObject items && items["type"] is JsonValue itemType)
        {
            return $"array of {itemType.GetValue<string>()}";
        }

        return type == "array" && schema["items"] is JsonObject refItems && refItems["$ref"] is not null ? "array of object" : type;
    }

    private static string DefaultOf(JsonObject schema) =>
        schema.TryGetPropertyValue("default", out var value) ? value?.ToJsonString() ?? "null" : "";

    private static string Constraints(JsonObject schema, bool required)
    {
        var parts = new List<string>();
        if (required)
        {
            parts.Add("required");
        }

        if (schema["enum"] is JsonArray options)
        {
            parts.Add("one of " + string.Join(", ", options.Select(o => o?.ToJsonString() ?? "null")));
        }

        foreach (var keyword in Combinators.Skip(1))
        {
            if (schema[keyword] is JsonArray branches)
            {
                parts.Add(keyword == "oneOf" ? $"exactly one of {branches.Count} alternatives" : $"at least one of {branches.Count} alternatives");
            }
        }

        if (schema["const"] is { } constant)
        {
            parts.Add("always " + constant.ToJsonString());
        }

        Bound(schema, "minimum", "≥", parts);
        Bound(schema, "exclusiveMinimum", ">", parts);
        Bound(schema, "maximum", "≤", parts);
        Bound(schema, "exclusiveMaximum", "<", parts);
        Bound(schema, "minLength", "length ≥", parts);
        Bound(schema, "maxLength", "length ≤", parts);
        Bound(schema, "minItems", "items ≥", parts);
        Bound(schema, "maxItems", "items ≤", parts);
        if (schema["pattern"] is JsonValue pattern)
        {
            parts.Add($"matches `{pattern.GetValue<string>()}`");
        }

        if (schema["additionalProperties"] is JsonValue extra && extra.GetValueKind() == JsonValueKind.False && schema["properties"] is not null)
        {
            parts.Add("no other keys");
        }

        return string.Join("; ", parts);
    }

    private static void Bound(JsonObject schema, string keyword, string symbol, List<string> parts)
    {
        // draft-04's boolean exclusiveMinimum/Maximum modifies minimum/maximum; later drafts give the bound itself.
        if (schema[keyword] is JsonValue value && value.GetValueKind() == JsonValueKind.Number)
        {
            parts.Add($"{symbol} {value.ToJsonString()}");
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static string Code(string text) => text.Length == 0 ? "" : $"`{Cell(text)}`";
}
