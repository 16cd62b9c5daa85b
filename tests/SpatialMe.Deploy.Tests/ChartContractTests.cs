using System.Text.Json;
using k8s;
using k8s.Models;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// What the rendered chart deploys, checked on the strictly parsed objects: the names and labels docs/kubernetes.md
/// relies on, GPU pools, security, probes, grace period, disruption budgets, Redis and blob wiring, and the optional
/// Ingress, autoscaling, ServiceMonitor and NetworkPolicies.
/// </summary>
public sealed class ChartContractTests
{
    private static List<IKubernetesObject> Render(string valuesFile, params string[] sets) =>
        Manifests.Parse(Helm.Template("r", [Helm.Ci(valuesFile)], sets));

    private static IEnumerable<V1Deployment> Farm(List<IKubernetesObject> objects) => objects.OfKind<V1Deployment>();

    [Fact]
    public void Default_install_has_a_cpu_silo_one_deployment_per_gpu_pool_and_the_web_host_with_its_service()
    {
        var objects = Render("gpu-pools-values.yaml");

        Assert.Equal(
            ["r-spatialme-farm-silo-cpu", "r-spatialme-farm-silo-gpu-h100", "r-spatialme-farm-silo-gpu-l4-spot", "r-spatialme-farm-web"],
            Farm(objects).Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
        var service = objects.Named<V1Service>("r-spatialme-farm-web");
        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(80, port.Port);
        Assert.Equal("http", port.TargetPort.Value);
        var web = objects.Named<V1Deployment>("r-spatialme-farm-web").Spec.Template.Spec.Containers.Single(c => c.Name == "web");
        Assert.Equal(8080, web.Ports.Single(p => p.Name == "http").ContainerPort);
    }

    [Fact]
    public void Pods_carry_the_name_instance_component_and_pool_labels()
    {
        var objects = Render("gpu-pools-values.yaml");

        foreach (var (name, component, pool) in new[]
        {
            ("r-spatialme-farm-silo-cpu", "silo-cpu", (string?)null),
            ("r-spatialme-farm-silo-gpu-h100", "silo-gpu", "h100"),
            ("r-spatialme-farm-silo-gpu-l4-spot", "silo-gpu", "l4-spot"),
            ("r-spatialme-farm-web", "web", null),
        })
        {
            var labels = objects.Named<V1Deployment>(name).Spec.Template.Metadata.Labels;
            Assert.Equal("spatialme-farm", labels["app.kubernetes.io/name"]);
            Assert.Equal("r", labels["app.kubernetes.io/instance"]);
            Assert.Equal(component, labels["app.kubernetes.io/component"]);
            Assert.Equal(pool, labels.TryGetValue("spatialme.farm/pool", out var p) ? p : null);
        }
    }

    [Fact]
    public void Each_gpu_pool_asks_for_its_gpus_runs_the_cuda_image_with_its_slots_on_its_nodes()
    {
        var objects = Render("gpu-pools-values.yaml");

        var h100 = objects.Named<V1Deployment>("r-spatialme-farm-silo-gpu-h100");
        var silo = h100.Spec.Template.Spec.Containers.Single(c => c.Name == "silo");
        Assert.Equal(4, h100.Spec.Replicas);
        Assert.Equal("2", silo.Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Equal("spatialme/farm:0.1.0-cuda", silo.Image);
        Assert.Equal(["--role", "gpu"], silo.Args.Skip(silo.Args.IndexOf("--role")).Take(2));
        Assert.Equal(["--gpu-slots", "4"], silo.Args.Skip(silo.Args.IndexOf("--gpu-slots")).Take(2));
        Assert.Equal("NVIDIA-H100-80GB-HBM3", h100.Spec.Template.Spec.NodeSelector["nvidia.com/gpu.product"]);
        Assert.Contains(h100.Spec.Template.Spec.Tolerations, t => t.Key == "nvidia.com/gpu" && t.Effect == "NoSchedule");

        var spot = objects.Named<V1Deployment>("r-spatialme-farm-silo-gpu-l4-spot");
        Assert.Equal("1", spot.Spec.Template.Spec.Containers.Single().Resources.Limits["nvidia.com/gpu"].ToString());
        Assert.Contains(spot.Spec.Template.Spec.Tolerations, t => t.Key == "kubernetes.azure.com/scalesetpriority");

        var cpu = objects.Named<V1Deployment>("r-spatialme-farm-silo-cpu").Spec.Template.Spec.Containers.Single();
        Assert.Equal("spatialme/farm:0.1.0", cpu.Image);
        Assert.False(cpu.Resources.Limits?.ContainsKey("nvidia.com/gpu") ?? false);
        Assert.Equal(["--role", "cpu"], cpu.Args.Skip(cpu.Args.IndexOf("--role")).Take(2));
    }

    [Fact]
    public void Silos_advertise_the_pod_ip_from_the_downward_api()
    {
        var objects = Render("default-values.yaml");

        foreach (var deployment in Farm(objects).Where(d => d.Metadata.Name.Contains("-silo-", StringComparison.Ordinal)))
        {
            var address = deployment.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "SPATIALME_ADDRESS");
            Assert.Equal("status.podIP", address.ValueFrom.FieldRef.FieldPath);
        }
    }

    [Fact]
    public void Every_farm_container_runs_as_non_root_on_a_read_only_root_with_no_capabilities_and_scratch_in_an_empty_dir()
    {
        var objects = Render("inchart-redis-values.yaml");

        foreach (var deployment in Farm(objects))
        {
            var pod = deployment.Spec.Template.Spec;
            Assert.True(pod.SecurityContext.RunAsNonRoot, deployment.Metadata.Name);
            Assert.False(pod.AutomountServiceAccountToken, deployment.Metadata.Name);
            var container = Assert.Single(pod.Containers);
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, deployment.Metadata.Name);
            Assert.False(container.SecurityContext.AllowPrivilegeEscalation, deployment.Metadata.Name);
            Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
            var scratch = pod.Volumes.Single(v => v.Name == "scratch");
            Assert.NotNull(scratch.EmptyDir);
            Assert.Contains(container.VolumeMounts, m => m.Name == "scratch" && m.MountPath == "/scratch");
            Assert.Equal("/scratch/work", container.Env.Single(e => e.Name == "SPATIALME_WORK").Value);
            Assert.NotNull(container.Resources.Requests);
            Assert.NotNull(container.Resources.Limits);
            Assert.NotEmpty(pod.TopologySpreadConstraints);
        }

        var redis = objects.Named<V1StatefulSet>("r-spatialme-farm-redis").Spec.Template.Spec;
        Assert.True(redis.SecurityContext.RunAsNonRoot);
        Assert.True(redis.Containers.Single().SecurityContext.ReadOnlyRootFilesystem);
    }

    [Fact]
    public void Web_and_silos_are_probed_on_healthz_and_readyz_and_silos_get_the_grace_period_from_values()
    {
        var objects = Render("default-values.yaml", "gracePeriodSeconds=420");

        var web = objects.Named<V1Deployment>("r-spatialme-farm-web").Spec.Template.Spec.Containers.Single();
        Assert.Equal("/healthz", web.LivenessProbe.HttpGet.Path);
        Assert.Equal("/readyz", web.ReadinessProbe.HttpGet.Path);
        foreach (var deployment in Farm(objects).Where(d => d.Metadata.Name.Contains("-silo-", StringComparison.Ordinal)))
        {
            Assert.Equal(420, deployment.Spec.Template.Spec.TerminationGracePeriodSeconds);
            var silo = deployment.Spec.Template.Spec.Containers.Single();
            Assert.Equal(("/readyz", "metrics"), (silo.ReadinessProbe.HttpGet.Path, silo.ReadinessProbe.HttpGet.Port.Value));
            Assert.Equal(("/readyz", "metrics"), (silo.StartupProbe.HttpGet.Path, silo.StartupProbe.HttpGet.Port.Value));
            Assert.Equal(("/healthz", "metrics"), (silo.LivenessProbe.HttpGet.Path, silo.LivenessProbe.HttpGet.Port.Value));

            // A rolling update never stops a silo before its replacement is ready.
            Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        }
    }

    [Fact]
    public void Every_pool_has_a_disruption_budget_that_lets_one_pod_go_at_a_time()
    {
        var objects = Render("gpu-pools-values.yaml");

        var budgets = objects.OfKind<V1PodDisruptionBudget>().ToDictionary(b => b.Metadata.Name);
        Assert.Equal(
            ["r-spatialme-farm-silo-cpu", "r-spatialme-farm-silo-gpu-h100", "r-spatialme-farm-silo-gpu-l4-spot", "r-spatialme-farm-web"],
            budgets.Keys.Order(StringComparer.Ordinal));
        Assert.All(budgets.Values, b => Assert.Equal("1", b.Spec.MaxUnavailable.Value));
        Assert.Equal("h100", budgets["r-spatialme-farm-silo-gpu-h100"].Spec.Selector.MatchLabels["spatialme.farm/pool"]);
    }

    [Fact]
    public void Redis_comes_from_the_external_secret_or_the_in_chart_statefulset_with_a_volume()
    {
        var external = Render("external-redis-values.yaml");
        foreach (var deployment in Farm(external))
        {
            var redis = deployment.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "SPATIALME_REDIS");
            Assert.Equal("azure-cache", redis.ValueFrom.SecretKeyRef.Name);
            Assert.Equal("stackexchange-connection", redis.ValueFrom.SecretKeyRef.Key);
        }

        Assert.Empty(external.OfKind<V1StatefulSet>());

        var inChart = Render("inchart-redis-values.yaml");
        var statefulSet = inChart.Named<V1StatefulSet>("r-spatialme-farm-redis");
        var claim = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);
        Assert.Equal("2Gi", claim.Spec.Resources.Requests["storage"].ToString());
        Assert.Contains("--appendonly", statefulSet.Spec.Template.Spec.Containers.Single().Command);
        Assert.Equal(6379, inChart.Named<V1Service>("r-spatialme-farm-redis").Spec.Ports.Single().Port);
        foreach (var deployment in Farm(inChart))
        {
            Assert.Equal("r-spatialme-farm-redis:6379", deployment.Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "SPATIALME_REDIS").Value);
        }
    }

    [Fact]
    public void Blob_credentials_come_from_the_connection_string_secret_or_workload_identity()
    {
        var byKey = Render("default-values.yaml");
        foreach (var deployment in Farm(byKey))
        {
            var env = deployment.Spec.Template.Spec.Containers.Single().Env;
            Assert.Equal("spatialme-blob", env.Single(e => e.Name == "SPATIALME_BLOB").ValueFrom.SecretKeyRef.Name);
            Assert.DoesNotContain(env, e => e.Name == "SPATIALME_BLOB_ACCOUNT_URL");
        }

        var byIdentity = Render("external-redis-values.yaml");
        var account = byIdentity.Named<V1ServiceAccount>("r-spatialme-farm");
        Assert.Equal("0f8e2c1a-5d7b-4c3e-9a61-2b4d8f0e7c15", account.Metadata.Annotations["azure.workload.identity/client-id"]);
        foreach (var deployment in Farm(byIdentity))
        {
            var pod = deployment.Spec.Template;
            Assert.Equal("true", pod.Metadata.Labels["azure.workload.identity/use"]);
            Assert.Equal("r-spatialme-farm", pod.Spec.ServiceAccountName);
            var env = pod.Spec.Containers.Single().Env;
            Assert.Equal("https://studioa.blob.core.windows.net/", env.Single(e => e.Name == "SPATIALME_BLOB_ACCOUNT_URL").Value);
            Assert.DoesNotContain(env, e => e.Name == "SPATIALME_BLOB");
        }

        var silo = byIdentity.Named<V1Deployment>("r-spatialme-farm-silo-cpu").Spec.Template.Spec.Containers.Single();
        Assert.Equal("https://studioa.blob.core.windows.net/farm-media", silo.Args[silo.Args.IndexOf("--media") + 1]);
    }

    [Fact]
    public void Farm_options_reach_every_process_through_the_config_map()
    {
        var objects = Render("external-redis-values.yaml");

        var config = objects.Named<V1ConfigMap>("r-spatialme-farm");
        using var json = JsonDocument.Parse(config.Data["farm.json"]);
        Assert.Equal("studio-a", json.RootElement.GetProperty("clusterId").GetString());
        Assert.Equal(40, json.RootElement.GetProperty("farm").GetProperty("maxRunningJobs").GetInt32());
        Assert.Equal(8, json.RootElement.GetProperty("farm").GetProperty("segmentsInFlight").GetInt32());
        foreach (var deployment in Farm(objects))
        {
            var pod = deployment.Spec.Template.Spec;
            Assert.Equal("r-spatialme-farm", pod.Volumes.Single(v => v.Name == "config").ConfigMap.Name);
            Assert.Equal("/etc/spatialme/farm.json", pod.Containers.Single().Env.Single(e => e.Name == "SPATIALME_CONFIG").Value);
            Assert.Contains(pod.Containers.Single().VolumeMounts, m => m.Name == "config" && m.MountPath == "/etc/spatialme");
        }
    }

    [Fact]
    public void The_api_token_comes_from_a_secret_under_api_token()
    {
        var given = Render("external-redis-values.yaml");
        var secret = given.Named<V1Secret>("r-spatialme-farm-api-token");
        Assert.Equal("change-me-to-a-long-random-token", System.Text.Encoding.UTF8.GetString(secret.Data["api-token"]));
        var token = given.Named<V1Deployment>("r-spatialme-farm-web").Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "SPATIALME_API_TOKEN");
        Assert.Equal(("r-spatialme-farm-api-token", "api-token"), (token.ValueFrom.SecretKeyRef.Name, token.ValueFrom.SecretKeyRef.Key));

        var existing = Render("default-values.yaml");
        Assert.Empty(existing.OfKind<V1Secret>());
        var fromExisting = existing.Named<V1Deployment>("r-spatialme-farm-web").Spec.Template.Spec.Containers.Single().Env.Single(e => e.Name == "SPATIALME_API_TOKEN");
        Assert.Equal("spatialme-api-token", fromExisting.ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public void The_ingress_serves_the_web_service_with_tls()
    {
        var objects = Render("ingress-tls-values.yaml");

        var ingress = objects.Named<V1Ingress>("r-spatialme-farm-web");
        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal("farm-studio-a-tls", tls.SecretName);
        Assert.Equal(["farm.studio-a.example"], tls.Hosts);
        var path = ingress.Spec.Rules.Single().Http.Paths.Single();
        Assert.Equal("r-spatialme-farm-web", path.Backend.Service.Name);
        Assert.Empty(Render("default-values.yaml").OfKind<V1Ingress>());
    }

    [Fact]
    public void Autoscaling_gives_each_gpu_pool_a_keda_scaled_object_on_queue_depth_and_leaves_it_the_replica_count()
    {
        var objects = Render("autoscaling-values.yaml");

        var scaled = objects.Named<ScaledObject>("r-spatialme-farm-silo-gpu-a100");
        Assert.Equal("r-spatialme-farm-silo-gpu-a100", scaled.Spec.ScaleTargetRef.Name);
        Assert.Equal((1, 20), (scaled.Spec.MinReplicaCount, scaled.Spec.MaxReplicaCount));
        var trigger = Assert.Single(scaled.Spec.Triggers);
        Assert.Equal("prometheus", trigger.Type);
        Assert.Contains("spatialme_queue_depth", trigger.Metadata["query"]);
        Assert.Equal("3", trigger.Metadata["threshold"]);
        Assert.Null(objects.Named<V1Deployment>("r-spatialme-farm-silo-gpu-a100").Spec.Replicas);

        Assert.Empty(Render("default-values.yaml").OfKind<ScaledObject>());
    }

    [Fact]
    public void The_service_monitor_scrapes_the_silos_and_the_web_host()
    {
        var objects = Render("ingress-tls-values.yaml");

        var monitor = objects.Named<ServiceMonitor>("r-spatialme-farm");
        Assert.Equal("prometheus", monitor.Metadata.Labels["release"]);
        var selected = objects.OfKind<V1Service>().Where(s => monitor.Spec.Selector.MatchLabels.All(l => s.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value)).ToList();
        Assert.Equal(["r-spatialme-farm-silos", "r-spatialme-farm-web"], selected.Select(s => s.Metadata.Name).Order(StringComparer.Ordinal));
        Assert.All(monitor.Spec.Endpoints, e => Assert.Equal("/metrics", e.Path));
        Assert.Empty(Render("default-values.yaml").OfKind<ServiceMonitor>());
    }

    [Fact]
    public void Network_policy_opens_the_silo_port_only_to_silos_and_the_gateway_to_silos_and_clients()
    {
        var objects = Render("default-values.yaml");

        var policy = objects.Named<V1NetworkPolicy>("r-spatialme-farm-silos");
        Assert.Equal("true", policy.Spec.PodSelector.MatchLabels["spatialme.farm/silo"]);
        var siloRule = policy.Spec.Ingress.Single(r => r.Ports.Any(p => p.Port.Value == "11111"));
        var from = Assert.Single(siloRule.FromProperty);
        Assert.Equal("true", from.PodSelector.MatchLabels["spatialme.farm/silo"]);
        var gatewayRule = policy.Spec.Ingress.Single(r => r.Ports.Any(p => p.Port.Value == "30000"));
        Assert.Equal(2, gatewayRule.FromProperty.Count);

        // Every silo pod carries the label the policy selects.
        Assert.All(Farm(objects).Where(d => d.Metadata.Name.Contains("-silo-", StringComparison.Ordinal)), d => Assert.Equal("true", d.Spec.Template.Metadata.Labels["spatialme.farm/silo"]));
        Assert.Empty(Render("inchart-redis-values.yaml").OfKind<V1NetworkPolicy>());
    }

    [Fact]
    public void The_helm_test_hook_calls_readyz_and_the_api_with_the_token()
    {
        var objects = Render("default-values.yaml");

        var pod = objects.Named<V1Pod>("r-spatialme-farm-test-api");
        Assert.Equal("test", pod.Metadata.Annotations["helm.sh/hook"]);
        var container = pod.Spec.Containers.Single();
        var script = string.Join(' ', container.Args);
        Assert.Contains("/readyz", script);
        Assert.Contains("/api/v1/jobs", script);
        Assert.Contains("Authorization: Bearer $TOKEN", script);
        Assert.Equal("http://r-spatialme-farm-web:80", container.Env.Single(e => e.Name == "BASE").Value);
        Assert.Equal("spatialme-api-token", container.Env.Single(e => e.Name == "TOKEN").ValueFrom.SecretKeyRef.Name);
    }

    [Fact]
    public void Notes_name_the_next_kubectl_commands()
    {
        var result = Helm.Run("install", "r", Helm.ChartFolder, "--dry-run=client", "--namespace", "farm", "-f", Helm.Ci("default-values.yaml"));

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("kubectl -n farm port-forward service/r-spatialme-farm-web 8080:80", result.Stdout);
        Assert.Contains("rollout status deployment/r-spatialme-farm-silo-gpu-a100", result.Stdout);
        Assert.Contains("helm test r -n farm", result.Stdout);
    }
}
