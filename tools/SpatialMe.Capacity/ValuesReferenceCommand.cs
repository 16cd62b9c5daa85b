using System.CommandLine;
using SpatialMe.Capacity.Values;

namespace SpatialMe.Capacity;

/// <summary>
/// <c>capacity values-reference &lt;values.schema.json&gt; [--update docs/kubernetes.md]</c>: the chart's values table,
/// printed, or written between the document's <c>values-reference</c> markers.
/// </summary>
public static class ValuesReferenceCommand
{
    public const string SectionName = "values-reference";

    public static Command Build()
    {
        var schema = new Argument<string>("schema") { Description = "The chart's values.schema.json." };
        var update = new Option<string?>("--update")
        {
            Description = $"Rewrite the table in place in this Markdown file, between '{MarkdownSection.Begin(SectionName)}' and '{MarkdownSection.End(SectionName)}'.",
        };
        var command = new Command("values-reference", "Write the Helm values reference (key, type, default, constraints, description) from a JSON Schema.")
        {
            schema, update,
        };
        command.SetAction(async (parse, ct) =>
        {
            var schemaPath = parse.GetValue(schema)!;
            var target = parse.GetValue(update);
            try
            {
                var table = SchemaValuesTable.Markdown(SchemaValuesTable.Rows(await File.ReadAllTextAsync(schemaPath, ct)));
                if (target is null)
                {
                    Console.Out.Write(table);
                    return 0;
                }

                var document = await File.ReadAllTextAsync(target, ct);
                string updated;
                try
                {
                    updated = MarkdownSection.Replace(document, SectionName, table);
                }
                catch (FormatException e)
                {
                    Console.Error.WriteLine($"error: {target}: {e.Message}");
                    return 2;
                }

                await File.WriteAllTextAsync(target, updated, ct);
                return 0;
            }
            catch (FormatException e)
            {
                Console.Error.WriteLine($"error: {schemaPath}: {e.Message}");
                return 2;
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 2;
            }
        });
        return command;
    }
}
