using SpatialMe.Capacity;

namespace SpatialMe.Tools.Tests;

/// <summary>Rewriting the generated section of a Markdown document between its markers.</summary>
public class MarkdownSectionTests
{
    private const string Document = "# Doc\n\nbefore\n<!-- plan-a:begin -->\nold table\n<!-- plan-a:end -->\nafter\n";

    [Fact]
    public void The_content_between_the_markers_is_replaced_and_the_rest_kept()
    {
        var updated = MarkdownSection.Replace(Document, "plan-a", "| new |\n|---|\n");

        Assert.Equal("# Doc\n\nbefore\n<!-- plan-a:begin -->\n| new |\n|---|\n<!-- plan-a:end -->\nafter\n", updated);
        Assert.Equal(updated, MarkdownSection.Replace(updated, "plan-a", "| new |\n|---|\n")); // idempotent
    }

    [Theory]
    [InlineData("no markers\n", "the marker '<!-- plan-a:begin -->' is missing")]
    [InlineData("<!-- plan-a:begin -->\n", "the marker '<!-- plan-a:end -->' is missing")]
    [InlineData("<!-- plan-a:end -->\n<!-- plan-a:begin -->\n", "comes before")]
    [InlineData("<!-- plan-a:begin -->\n<!-- plan-a:begin -->\n<!-- plan-a:end -->\n", "appears more than once")]
    public void Missing_repeated_or_misordered_markers_are_refused(string document, string message)
    {
        var e = Assert.Throws<FormatException>(() => MarkdownSection.Replace(document, "plan-a", "x"));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
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
}
