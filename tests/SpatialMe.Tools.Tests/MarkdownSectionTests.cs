using SpatialMe.Capacity;
using SpatialMe.Capacity.Values;

namespace SpatialMe.Tools.Tests;

/// <summary>Rewriting the generated section of a Markdown document between its markers.</summary>
public class MarkdownSectionTests
{
    private const string Document = "# Doc\n\nbefore\n<!-- values-reference:begin -->\nold table\n<!-- values-reference:end -->\nafter\n";

    [Fact]
    public void The_content_between_the_markers_is_replaced_and_the_rest_kept()
    {
        var updated = MarkdownSection.Replace(Document, "values-reference", "| new |\n|---|\n");

        Assert.Equal("# Doc\n\nbefore\n<!-- values-reference:begin -->\n| new |\n|---|\n<!-- values-reference:end -->\nafter\n", updated);
        Assert.Equal(updated, MarkdownSection.Replace(updated, "values-reference", "| new |\n|---|\n")); // idempotent
    }

    [Theory]
    [InlineData("no markers\n", "the marker '<!-- values-reference:begin -->' is missing")]
    [InlineData("<!-- values-reference:begin -->\n", "the marker '<!-- values-reference:end -->' is missing")]
    [InlineData("<!-- values-reference:end -->\n<!-- values-reference:begin -->\n", "comes before")]
    [InlineData("<!-- values-reference:begin -->\n<!-- values-reference:begin -->\n<!-- values-reference:end -->\n", "appears more than once")]
    public void Missing_repeated_or_misordered_markers_are_refused(string document, string message)
    {
        var e = Assert.Throws<FormatException>(() => MarkdownSection.Replace(document, "values-reference", "x"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_rewrites_the_section_of_a_file_in_place_from_a_schema()
    {
        var dir = Directory.CreateTempSubdirectory("spatialme-values-");
        try
        {
            var doc = Path.Combine(dir.FullName, "kubernetes.md");
            await File.WriteAllTextAsync(doc, Document);
            var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "values.schema.json");

            var exit = await Program.BuildRoot().Parse(["values-reference", schema, "--update", doc]).InvokeAsync();

            Assert.Equal(0, exit);
            var text = await File.ReadAllTextAsync(doc);
            Assert.StartsWith("# Doc\n\nbefore\n<!-- values-reference:begin -->\n| key | type | default | constraints | description |\n", text, StringComparison.Ordinal);
            Assert.Contains("| `autoscaling.maxReplicas` | integer | `8` | > 0 |", text, StringComparison.Ordinal);
            Assert.EndsWith("|\n<!-- values-reference:end -->\nafter\n", text, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_plan_command_writes_its_table_between_the_named_markers()
    {
        var dir = Directory.CreateTempSubdirectory("spatialme-plan-");
        try
        {
            var doc = Path.Combine(dir.FullName, "kubernetes.md");
            await File.WriteAllTextAsync(doc, "intro\n<!-- plan-a:begin -->\n<!-- plan-a:end -->\nrest\n");

            var exit = await Program.BuildRoot().Parse(["plan", "--titles", "10", "1000", "--deadline-hours", "720", "--update", doc, "--section", "plan-a"]).InvokeAsync();

            Assert.Equal(0, exit);
            var text = await File.ReadAllTextAsync(doc);
            Assert.StartsWith("intro\n<!-- plan-a:begin -->\n| | 10 titles | 1,000 titles |\n", text, StringComparison.Ordinal);
            Assert.EndsWith("|\n<!-- plan-a:end -->\nrest\n", text, StringComparison.Ordinal);
            Assert.Equal(2, await Program.BuildRoot().Parse(["plan", "--update", doc]).InvokeAsync()); // no --section
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_command_refuses_a_file_without_markers_and_leaves_it_unchanged()
    {
        var dir = Directory.CreateTempSubdirectory("spatialme-values-");
        try
        {
            var doc = Path.Combine(dir.FullName, "kubernetes.md");
            await File.WriteAllTextAsync(doc, "# no markers\n");
            var schema = Path.Combine(AppContext.BaseDirectory, "Fixtures", "values.schema.json");

            var exit = await Program.BuildRoot().Parse(["values-reference", schema, "--update", doc]).InvokeAsync();

            Assert.Equal(2, exit);
            Assert.Equal("# no markers\n", await File.ReadAllTextAsync(doc));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
