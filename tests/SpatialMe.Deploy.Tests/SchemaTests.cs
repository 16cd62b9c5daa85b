namespace SpatialMe.Deploy.Tests;

/// <summary>
/// Bad values are refused before anything is rendered, with a message naming the value: by values.schema.json
/// (wrong types, negative counts, unknown keys, bad names) or by the chart's own checks (choices the schema cannot
/// express). Each file in BadValues/ goes on top of helm/ci/default-values.yaml and says on its first line
/// (<c># expect: …</c>) what helm must answer.
/// </summary>
public sealed class SchemaTests
{
    private const string ExpectPrefix = "# expect: ";

    public static TheoryData<string> BadValuesFiles() => new(BadValuesFileNames());

    private static List<string> BadValuesFileNames() =>
        [.. Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "BadValues"), "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(BadValuesFiles))]
    public void A_bad_values_file_is_refused_with_its_message(string fileName)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "BadValues", fileName);
        var firstLine = File.ReadLines(path).First();
        Assert.StartsWith(ExpectPrefix, firstLine);
        var expected = firstLine[ExpectPrefix.Length..];

        var result = Helm.Run(Helm.TemplateArgs("r", [Helm.Ci("default-values.yaml"), path]));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Stderr);
        Assert.DoesNotContain("kind: Deployment", result.Stdout);
    }

    [Fact]
    public void The_bad_values_cover_types_negative_counts_unknown_keys_and_the_charts_own_checks()
    {
        var expectations = BadValuesFileNames().Select(f => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "BadValues", f)).First()).ToList();

        Assert.Contains(expectations, e => e.Contains("got string, want integer", StringComparison.Ordinal));
        Assert.Contains(expectations, e => e.Contains("minimum: got -1", StringComparison.Ordinal));
        Assert.Contains(expectations, e => e.Contains("additional properties", StringComparison.Ordinal));
        Assert.Contains(expectations, e => e.Contains("redis:", StringComparison.Ordinal));
    }

    [Fact]
    public void The_schema_refuses_unknown_keys_at_every_level_of_the_default_values()
    {
        // Each object of values.yaml gets a key it does not have; the schema must name it wherever it is.
        foreach (var key in new[] { "image.digest", "cpuSilo.cpus", "web.ingress.path", "web.ingress.tls.hosts", "redis.inChart.persistence.mode", "blob.containers.logs", "farm.retries", "autoscaling.prometheus.query", "serviceMonitor.path", "networkPolicy.egress" })
        {
            var result = Helm.Run(Helm.TemplateArgs("r", [Helm.Ci("default-values.yaml")], key + "=x"));

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains($"additional properties '{key[(key.LastIndexOf('.') + 1)..]}' not allowed", result.Stderr);
        }
    }
}
