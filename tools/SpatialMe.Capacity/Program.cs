using System.CommandLine;

namespace SpatialMe.Capacity;

/// <summary>The <c>capacity</c> tool: the capacity plan of docs/kubernetes.md.</summary>
public static class Program
{
    public static RootCommand BuildRoot() =>
        new("Capacity planning for SpatialMe.Farm on Kubernetes (docs/kubernetes.md).")
        {
            PlanCommand.Build(),
        };

    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();
}
