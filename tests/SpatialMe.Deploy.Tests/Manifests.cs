using System.Reflection;
using k8s;
using k8s.Models;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// Rendered chart output parsed strictly: every document must be a known Kubernetes type (the API models of
/// KubernetesClient, plus <see cref="ScaledObject"/> and <see cref="ServiceMonitor"/>) and every field must exist in
/// that type, so a misspelt or misplaced field fails here instead of in a cluster.
/// </summary>
internal static class Manifests
{
    /// <summary>"apiVersion/kind" (e.g. "apps/v1/Deployment") to model type, built from the models' own attributes.</summary>
    public static IReadOnlyDictionary<string, Type> TypeMap { get; } = BuildTypeMap();

    /// <summary>Every object in <paramref name="yaml"/> (documents separated by ---), strictly parsed.</summary>
    public static List<IKubernetesObject> Parse(string yaml) =>
        [.. KubernetesYaml.LoadAllFromString(yaml, TypeMap.ToDictionary(), strict: true).Cast<IKubernetesObject>()];

    private static Dictionary<string, Type> BuildTypeMap()
    {
        var map = new Dictionary<string, Type>(StringComparer.Ordinal);
        var types = typeof(V1Pod).Assembly.GetTypes().Append(typeof(ScaledObject)).Append(typeof(ServiceMonitor));
        foreach (var type in types)
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is { Kind.Length: > 0 } entity && typeof(IKubernetesObject).IsAssignableFrom(type))
            {
                var apiVersion = string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
                map[$"{apiVersion}/{entity.Kind}"] = type;
            }
        }

        return map;
    }

    public static IEnumerable<T> OfKind<T>(this IEnumerable<IKubernetesObject> objects) => objects.OfType<T>();

    /// <summary>The named object of type <typeparamref name="T"/>; fails the test listing what there is otherwise.</summary>
    public static T Named<T>(this IEnumerable<IKubernetesObject> objects, string name)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        var all = objects.OfType<T>().ToList();
        return all.SingleOrDefault(o => o.Metadata.Name == name)
            ?? throw new Xunit.Sdk.XunitException($"no {typeof(T).Name} named {name}; there are: {string.Join(", ", all.Select(o => o.Metadata.Name))}");
    }
}
