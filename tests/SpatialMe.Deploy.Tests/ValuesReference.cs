using System.Globalization;
using System.Text;
using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// The chart's values reference in docs/kubernetes-chart.md, generated from values.schema.json (key, type,
/// constraints, description) and values.yaml (the default), so it is written once: <see cref="ValuesReferenceTests"/>
/// fails when the page differs, and rewrites it with SPATIALME_UPDATE_DOCS=1.
/// </summary>
internal static class ValuesReference
{
    public const string Begin = "<!-- values-reference:begin (generated from helm/spatialme-farm/values.schema.json; SPATIALME_UPDATE_DOCS=1 dotnet test tests/SpatialMe.Deploy.Tests rewrites it) -->";
    public const string End = "<!-- values-reference:end -->";

    public static string Generate(string schemaJson, string valuesYaml)
    {
        using var schema = JsonDocument.Parse(schemaJson);
        var values = new YamlStream();
        values.Load(new StringReader(valuesYaml));
        var root = (YamlMappingNode)values.Documents[0].RootNode;
        var text = new StringBuilder();
        text.AppendLine("| key | type | default | description |");
        text.AppendLine("|---|---|---|---|");
        Walk(schema.RootElement, string.Empty, root, text);
        return text.ToString();
    }

    private static void Walk(JsonElement node, string path, YamlNode? defaults, StringBuilder text)
    {
        var type = node.TryGetProperty("type", out var t) ? t.GetString() : null;
        if (type == "object" && node.TryGetProperty("properties", out var properties))
        {
            if (path.Length > 0)
            {
                text.AppendLine(Row(path, "object", string.Empty, Description(node)));
            }

            foreach (var property in properties.EnumerateObject())
            {
                var child = defaults is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(property.Name), out var d) ? d : null;
                Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", child, text);
            }

            return;
        }

        if (type == "array" && node.TryGetProperty("items", out var items) && items.TryGetProperty("properties", out _))
        {
            text.AppendLine(Row(path, "list" + Constraints(node), string.Empty, Description(node)));
            var first = defaults is YamlSequenceNode { Children.Count: > 0 } sequence ? sequence.Children[0] : null;
            Walk(items, path + "[]", first, text);
            return;
        }

        var shown = type ?? (node.TryGetProperty("anyOf", out _) ? "quantity" : "any");
        if (type == "array" && node.TryGetProperty("items", out var scalarItems) && scalarItems.TryGetProperty("type", out var itemType))
        {
            shown = $"list of {itemType.GetString()}";
        }

        text.AppendLine(Row(path, shown + Constraints(node), Default(defaults), Description(node)));
    }

    private static string Row(string key, string type, string value, string description) =>
        $"| `{key}` | {type} | {value} | {description} |";

    private static string Description(JsonElement node) =>
        node.TryGetProperty("description", out var d) ? d.GetString()!.Replace("|", "\\|", StringComparison.Ordinal) : string.Empty;

    private static string Constraints(JsonElement node)
    {
        var parts = new List<string>();
        if (node.TryGetProperty("minimum", out var min))
        {
            parts.Add("≥ " + min.GetRawText());
        }

        if (node.TryGetProperty("maximum", out var max))
        {
            parts.Add("≤ " + max.GetRawText());
        }

        if (node.TryGetProperty("minItems", out var minItems))
        {
            parts.Add("at least " + minItems.GetRawText());
        }

        if (node.TryGetProperty("enum", out var options))
        {
            parts.Add(string.Join(" \\| ", options.EnumerateArray().Select(o => o.GetString())));
        }

        return parts.Count == 0 ? string.Empty : " (" + string.Join(", ", parts) + ")";
    }

    private static string Default(YamlNode? node) => node switch
    {
        null => string.Empty,
        YamlScalarNode { Value: { Length: > 0 } value } => $"`{value}`",
        YamlScalarNode => "`\"\"`",
        YamlSequenceNode { Children.Count: 0 } => "`[]`",
        YamlMappingNode { Children.Count: 0 } => "`{}`",
        YamlSequenceNode s when s.Children.All(c => c is YamlScalarNode) => "`[" + string.Join(", ", s.Children.Cast<YamlScalarNode>().Select(c => c.Value)) + "]`",
        YamlMappingNode m when m.Children.All(c => c.Value is YamlScalarNode) =>
            "`{" + string.Join(", ", m.Children.Select(c => string.Create(CultureInfo.InvariantCulture, $"{((YamlScalarNode)c.Key).Value}: {((YamlScalarNode)c.Value).Value}"))) + "}`",
        _ => "see values.yaml",
    };
}
