using SpatialMe.Capacity.Values;

namespace SpatialMe.Tools.Tests;

/// <summary>The values reference written from a chart's JSON Schema (a fixture shaped like the chart's).</summary>
public class SchemaValuesTableTests
{
    private static readonly string Fixture = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "values.schema.json"));

    private static ValueRow Row(string path) => Assert.Single(SchemaValuesTable.Rows(Fixture), r => r.Path == path);

    [Fact]
    public void Every_property_becomes_a_row_depth_first_in_the_schemas_order()
    {
        var paths = SchemaValuesTable.Rows(Fixture).Select(r => r.Path).ToList();

        Assert.Equal(
        [
            "image", "image.repository", "image.pullPolicy", "gracePeriodSeconds", "gpuPools", "gpuPools[].name",
            "gpuPools[].replicas", "gpuPools[].tolerations", "farm", "farm.<name>", "autoscaling", "autoscaling.enabled",
            "autoscaling.maxReplicas",
        ], paths);
    }

    [Fact]
    public void A_row_has_the_type_the_default_as_json_the_constraints_and_the_description()
    {
        Assert.Equal(new ValueRow("gracePeriodSeconds", "integer", "600", "≥ 30; ≤ 3600", "Seconds a silo gets to hand back its segments | after SIGTERM."), Row("gracePeriodSeconds"));
        Assert.Equal(new ValueRow("image.repository", "string", "\"ghcr.io/spatialme/farm\"", "required; length ≥ 1", "Registry and name."), Row("image.repository"));
        Assert.Equal("one of \"Always\", \"IfNotPresent\", \"Never\"", Row("image.pullPolicy").Constraints);
        Assert.Equal("required; no other keys", Row("image").Constraints);
        Assert.Equal("string or number or boolean", Row("farm.<name>").Type);
    }

    [Fact]
    public void References_to_definitions_and_defs_are_followed_and_the_referring_description_wins()
    {
        Assert.Equal("array of object", Row("gpuPools").Type);
        Assert.Equal(new ValueRow("gpuPools[].name", "string", "", "required; matches `^[a-z0-9-]+$`", "Pool name (in the Deployment's name)."), Row("gpuPools[].name"));
        Assert.Equal("≥ 0", Row("gpuPools[].replicas").Constraints);
        Assert.Equal(new ValueRow("autoscaling", "object", "", "", "KEDA scaling of the GPU pools (off by default)."), Row("autoscaling"));
        Assert.Equal("> 0", Row("autoscaling.maxReplicas").Constraints);
    }

    [Fact]
    public void The_markdown_table_escapes_pipes_and_quotes_defaults_as_code()
    {
        var table = SchemaValuesTable.Markdown(SchemaValuesTable.Rows(Fixture));

        Assert.StartsWith("| key | type | default | constraints | description |\n|---|---|---|---|---|\n", table, StringComparison.Ordinal);
        Assert.Contains("| `gracePeriodSeconds` | integer | `600` | ≥ 30; ≤ 3600 | Seconds a silo gets to hand back its segments \\| after SIGTERM. |\n", table, StringComparison.Ordinal);
        Assert.Contains("| `gpuPools[].tolerations` | array of object | `[]` |", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"properties\": { \"a\": { \"$ref\": \"#/definitions/missing\" } } }", "'a': $ref '#/definitions/missing' points to nothing")]
    [InlineData("{ \"properties\": { \"a\": { \"$ref\": \"other.json#/x\" } } }", "'a': only $ref to #/definitions/… or #/$defs/… is supported")]
    [InlineData("{ \"properties\": ", "the schema is not valid JSON")]
    [InlineData("[1, 2]", "the schema must be a JSON object")]
    [InlineData("{ \"properties\": { \"a\": 3 } }", "property 'a' must be a schema object")]
    public void A_schema_it_cannot_read_is_refused_naming_what_is_wrong(string schema, string message)
    {
        var e = Assert.Throws<FormatException>(() => SchemaValuesTable.Rows(schema));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keys_of_alternatives_are_listed_under_their_object_once_each()
    {
        var schema = """
            { "properties": { "redis": { "type": "object",
                "oneOf": [
                  { "properties": { "external": { "type": "object", "properties": { "key": { "type": "string", "default": "connection-string" } } } } },
                  { "properties": { "inChart": { "type": "object", "properties": { "enabled": { "type": "boolean" } } } } },
                  { "properties": { "external": { "type": "object" } } }
                ] } } }
            """;
        var rows = SchemaValuesTable.Rows(schema);

        Assert.Equal(["redis", "redis.external", "redis.external.key", "redis.inChart", "redis.inChart.enabled"], rows.Select(r => r.Path));
        Assert.Equal("exactly one of 3 alternatives", rows[0].Constraints);
        Assert.Equal("\"connection-string\"", rows[2].Default);
    }

    [Fact]
    public void A_recursive_definition_is_listed_once()
    {
        var schema = "{ \"properties\": { \"node\": { \"$ref\": \"#/$defs/node\" } }, \"$defs\": { \"node\": { \"type\": \"object\", \"properties\": { \"child\": { \"$ref\": \"#/$defs/node\" } } } } }";

        Assert.Equal(["node", "node.child"], SchemaValuesTable.Rows(schema).Select(r => r.Path));
    }
}
