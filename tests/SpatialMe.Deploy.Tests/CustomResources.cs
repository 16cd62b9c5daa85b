using k8s;
using k8s.Models;

namespace SpatialMe.Deploy.Tests;

// Typed models of the two custom resources the chart renders, so that the strict loader checks them like the
// built-in types: a field that is not in the resource's definition fails the parse. Field names and types follow the
// CRDs' published schemas (KEDA 2.x keda.sh/v1alpha1 ScaledObject; Prometheus Operator monitoring.coreos.com/v1
// ServiceMonitor); fields the chart does not use may be missing here, and then the test fails when the chart starts
// using them, which is the point: someone checks the new field against the CRD and adds it.

/// <summary>KEDA's ScaledObject (keda.sh/v1alpha1).</summary>
[KubernetesEntity(Group = "keda.sh", ApiVersion = "v1alpha1", Kind = "ScaledObject", PluralName = "scaledobjects")]
public sealed class ScaledObject : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public ScaledObjectSpec Spec { get; set; } = new();
}

public sealed class ScaledObjectSpec
{
    public ScaleTarget ScaleTargetRef { get; set; } = new();

    public int? PollingInterval { get; set; }

    public int? CooldownPeriod { get; set; }

    public int? IdleReplicaCount { get; set; }

    public int? MinReplicaCount { get; set; }

    public int? MaxReplicaCount { get; set; }

    public List<ScaleTrigger> Triggers { get; set; } = [];
}

public sealed class ScaleTarget
{
    public string? ApiVersion { get; set; }

    public string? Kind { get; set; }

    public string Name { get; set; } = string.Empty;

    public string? EnvSourceContainerName { get; set; }
}

public sealed class ScaleTrigger
{
    public string Type { get; set; } = string.Empty;

    public string? Name { get; set; }

    public string? MetricType { get; set; }

    public bool? UseCachedMetrics { get; set; }

    public Dictionary<string, string> Metadata { get; set; } = [];

    public ScaleTriggerAuthentication? AuthenticationRef { get; set; }
}

public sealed class ScaleTriggerAuthentication
{
    public string Name { get; set; } = string.Empty;

    public string? Kind { get; set; }
}

/// <summary>The Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1).</summary>
[KubernetesEntity(Group = "monitoring.coreos.com", ApiVersion = "v1", Kind = "ServiceMonitor", PluralName = "servicemonitors")]
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public NamespaceSelector? NamespaceSelector { get; set; }

    public string? JobLabel { get; set; }

    public List<string>? TargetLabels { get; set; }

    public List<string>? PodTargetLabels { get; set; }

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}

public sealed class NamespaceSelector
{
    public bool? Any { get; set; }

    public List<string>? MatchNames { get; set; }
}

public sealed class ServiceMonitorEndpoint
{
    public string? Port { get; set; }

    public IntOrString? TargetPort { get; set; }

    public string? Path { get; set; }

    public string? Scheme { get; set; }

    public string? Interval { get; set; }

    public string? ScrapeTimeout { get; set; }

    public bool? HonorLabels { get; set; }

    public bool? HonorTimestamps { get; set; }

    public Dictionary<string, List<string>>? Params { get; set; }
}
