namespace SpatialMe.Deploy.Tests;

/// <summary>helm lint --strict and helm template over every example values file in helm/ci/.</summary>
public sealed class ChartLintTests
{
    [Theory]
    [MemberData(nameof(Helm.CiValuesFiles), MemberType = typeof(Helm))]
    public void Every_ci_values_file_passes_strict_lint(string valuesFile)
    {
        var result = Helm.Run("lint", "--strict", Helm.ChartFolder, "-f", Helm.Ci(valuesFile));

        Assert.True(result.ExitCode == 0, $"helm lint --strict with {valuesFile} failed:\n{result.All}");
        Assert.Contains("1 chart(s) linted, 0 chart(s) failed", result.All);
    }

    [Theory]
    [MemberData(nameof(Helm.CiValuesFiles), MemberType = typeof(Helm))]
    public void Every_ci_values_file_renders_documents_that_parse_strictly_as_kubernetes_types(string valuesFile)
    {
        var objects = Manifests.Parse(Helm.Template("r", [Helm.Ci(valuesFile)]));

        Assert.NotEmpty(objects);
        Assert.All(objects, o => Assert.False(string.IsNullOrEmpty(o.Kind)));
    }

    [Fact]
    public void The_ci_folder_has_one_values_file_per_kind_of_install()
    {
        var files = Helm.CiValuesFileNames();

        Assert.Equal(
            ["autoscaling-values.yaml", "default-values.yaml", "external-redis-values.yaml", "gpu-pools-values.yaml", "inchart-redis-values.yaml", "ingress-tls-values.yaml"],
            files);
    }

    [Fact]
    public void The_strict_parse_rejects_a_field_that_its_type_does_not_have()
    {
        // The check the chart relies on: the loader really is strict, also for the custom resources' models.
        const string deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicass: 2\n";
        const string scaledObject = "apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata:\n  name: x\nspec:\n  scaleTargetRef:\n    name: y\n  maxReplicas: 3\n";

        Assert.ThrowsAny<Exception>(() => Manifests.Parse(deployment));
        Assert.ThrowsAny<Exception>(() => Manifests.Parse(scaledObject));
    }

    [Fact]
    public void The_strict_parse_rejects_a_kind_it_does_not_know()
    {
        const string unknown = "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: x\n";

        Assert.ThrowsAny<Exception>(() => Manifests.Parse(unknown));
    }
}
