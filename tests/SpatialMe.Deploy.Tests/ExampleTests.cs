using k8s.Models;
using SpatialMe.Cli;
using SpatialMe.Testing;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// helm/examples/catalog-submit-job.yaml, the Job that submits a catalog to an installed farm: it parses strictly,
/// runs a real <c>spatialme catalog submit</c> command line, and refers to what the chart creates for the release it
/// names (the ServiceAccount, the ConfigMap, the Secrets of default-values.yaml) with the label the NetworkPolicy opens
/// the gateway to.
/// </summary>
public sealed class ExampleTests
{
    [Fact]
    public void The_catalog_submit_job_runs_catalog_submit_with_what_the_chart_creates_for_its_release()
    {
        var job = Assert.IsType<V1Job>(Assert.Single(Manifests.Parse(File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "helm", "examples", "catalog-submit-job.yaml")))));
        var chart = Manifests.Parse(Helm.Template("farm", [Helm.Ci("default-values.yaml")]));
        var silo = chart.Named<V1Deployment>("farm-spatialme-farm-silo-cpu").Spec.Template.Spec;
        var pod = job.Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.Equal(silo.Containers.Single().Command, container.Command);
        var parse = CliApp.BuildRoot().Parse([.. container.Args]);
        Assert.Empty(parse.Errors);
        Assert.Equal("submit", parse.CommandResult.Command.Name);
        Assert.Equal("catalog", parse.CommandResult.Command.Parents.OfType<System.CommandLine.Command>().First().Name);

        Assert.Equal(silo.ServiceAccountName, pod.ServiceAccountName);
        Assert.Equal(silo.Volumes.Single(v => v.Name == "config").ConfigMap.Name, pod.Volumes.Single(v => v.Name == "config").ConfigMap.Name);
        Assert.Equal(silo.SecurityContext.RunAsUser, pod.SecurityContext.RunAsUser);
        foreach (var env in container.Env)
        {
            // Every variable is the farm pods' own, from the same Secret or with the same value.
            var same = silo.Containers.Single().Env.Single(e => e.Name == env.Name);
            Assert.Equal(same.Value, env.Value);
            Assert.Equal(same.ValueFrom?.SecretKeyRef?.Name, env.ValueFrom?.SecretKeyRef?.Name);
            Assert.Equal(same.ValueFrom?.SecretKeyRef?.Key, env.ValueFrom?.SecretKeyRef?.Key);
        }

        var labels = job.Spec.Template.Metadata.Labels;
        var gateway = chart.Named<V1NetworkPolicy>("farm-spatialme-farm-silos").Spec.Ingress.Single(r => r.Ports.Any(p => p.Port.Value == "30000"));
        Assert.Contains(gateway.FromProperty, peer => peer.PodSelector.MatchExpressions is { } rules
            && rules.All(rule => labels.TryGetValue(rule.Key, out var value) && rule.Values.Contains(value)));
    }

    [Fact]
    public void The_values_file_of_docs_kubernetes_md_renders_a_farm_that_parses_strictly()
    {
        var doc = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "docs", "kubernetes.md"));
        var start = doc.IndexOf("# farm-values.yaml\n", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/kubernetes.md has no '# farm-values.yaml' example");
        var values = doc[start..doc.IndexOf("```", start, StringComparison.Ordinal)];
        using var dir = new TempDirectory();
        var file = dir.File("farm-values.yaml");
        File.WriteAllText(file, values);

        var chart = Manifests.Parse(Helm.Template("farm", [file]));

        Assert.Equal(4, chart.Named<V1Deployment>("farm-spatialme-farm-silo-gpu-a100").Spec.Replicas);
        Assert.NotNull(chart.Named<V1Ingress>("farm-spatialme-farm-web").Spec.Tls);
    }
}
