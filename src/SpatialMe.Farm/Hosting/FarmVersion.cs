using System.Reflection;

namespace SpatialMe.Farm.Hosting;

/// <summary>The farm's version as silos report it: the assembly's informational version (with the commit, where the build stamped one).</summary>
public static class FarmVersion
{
    public static string Current { get; } =
        typeof(FarmVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(FarmVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
