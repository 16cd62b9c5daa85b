using Xunit;

namespace SpatialMe.Testing;

/// <summary>
/// Locates the real test data in <c>../shared/data</c> (beside the repository root). Tests that need it call
/// <see cref="RequireDirectory"/> or <see cref="RequireFile"/>, which skip the test with a clear message where
/// the data is absent rather than fail.
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The <c>shared/data</c> folder, or null where no checkout has one beside it.</summary>
    public static string? DataRoot => Root.Value;

    /// <summary>The repository root (the folder holding <c>SpatialMe.Farm.sln</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string RequireDirectory(string relative)
    {
        var root = DataRoot;
        Skip.If(root is null, "../shared/data is absent beside this checkout: test skipped (it needs the real data set).");
        var path = Path.Combine(root!, relative);
        Skip.IfNot(Directory.Exists(path), $"{path} is absent: test skipped (it needs that part of ../shared/data).");
        return path;
    }

    public static string RequireFile(string relative)
    {
        var root = DataRoot;
        Skip.If(root is null, "../shared/data is absent beside this checkout: test skipped (it needs the real data set).");
        var path = Path.Combine(root!, relative);
        Skip.IfNot(File.Exists(path), $"{path} is absent: test skipped (it needs that file of ../shared/data).");
        return path;
    }

    private static string? FindRoot()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SPATIALME_SHARED_DATA");
        if (!string.IsNullOrEmpty(fromEnv) && Directory.Exists(fromEnv))
        {
            return fromEnv;
        }

        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return Directory.Exists(candidate) ? candidate : null;
    }

    private static string FindRepositoryRoot()
    {
        var built = typeof(SharedData).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "RepositoryRoot")?.Value;
        if (built is not null && File.Exists(System.IO.Path.Combine(built, "SpatialMe.Farm.sln")))
        {
            return built;
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SpatialMe.Farm.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Cannot find SpatialMe.Farm.sln above " + AppContext.BaseDirectory);
    }
}
