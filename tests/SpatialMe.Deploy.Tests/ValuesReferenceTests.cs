using SpatialMe.Testing;

namespace SpatialMe.Deploy.Tests;

/// <summary>docs/kubernetes-chart.md carries the values reference generated from the schema and values.yaml, not a copy by hand.</summary>
public sealed class ValuesReferenceTests
{
    [Fact]
    public void The_docs_values_reference_is_the_one_generated_from_the_schema()
    {
        var page = Path.Combine(SharedData.RepositoryRoot, "docs", "kubernetes-chart.md");
        var expected = ValuesReference.Generate(
            File.ReadAllText(Path.Combine(Helm.ChartFolder, "values.schema.json")),
            File.ReadAllText(Path.Combine(Helm.ChartFolder, "values.yaml")));
        var text = File.ReadAllText(page);
        var begin = text.IndexOf(ValuesReference.Begin, StringComparison.Ordinal);
        var end = text.IndexOf(ValuesReference.End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"{page} has no values reference between the markers {ValuesReference.Begin} and {ValuesReference.End}");
        var current = text[(begin + ValuesReference.Begin.Length)..end].Trim('\n');

        if (current != expected.Trim('\n') && Environment.GetEnvironmentVariable("SPATIALME_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(page, text[..(begin + ValuesReference.Begin.Length)] + "\n" + expected + text[end..]);
            return;
        }

        Assert.True(
            current == expected.Trim('\n'),
            "docs/kubernetes-chart.md's values reference is out of date with values.schema.json / values.yaml: run SPATIALME_UPDATE_DOCS=1 dotnet test tests/SpatialMe.Deploy.Tests --filter ValuesReferenceTests");
        Assert.Contains("| `gpuPools[].gpuSlots` |", current);
    }
}
