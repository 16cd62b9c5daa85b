using System.CommandLine;

namespace SpatialMe.Capacity;

/// <summary>The <c>capacity</c> tool: the capacity plan and the Helm values reference of docs/kubernetes.md.</summary>
public static class Program
{
    public static RootCommand BuildRoot() =>
        new("Capacity planning and the Helm values reference for SpatialMe.Farm on Kubernetes (docs/kubernetes.md).")
        {
            PlanCommand.Build(),
            ValuesReferenceCommand.Build(),
        };

    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();
}
