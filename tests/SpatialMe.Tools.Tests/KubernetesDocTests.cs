using SpatialMe.Capacity;
using SpatialMe.Testing;

namespace SpatialMe.Tools.Tests;

/// <summary>
/// docs/kubernetes.md's generated sections: the capacity tables are what the commands printed above them produce
/// today (a changed default or model fails here until the doc is regenerated), and the values reference has its markers.
/// </summary>
public class KubernetesDocTests
{
    private static readonly string Doc = Path.Combine(SharedData.RepositoryRoot, "docs", "kubernetes.md");

    [Theory]
    [InlineData("plan-720h", "--titles 10 100 1000 10000 --minutes 100 --deadline-hours 720")]
    [InlineData("plan-studio", "--titles 10000 --minutes 100 --deadline-hours 2160 --gpu-slots-per-silo 2 --cpu-silo-cores 16 --redis-memory-gb 64")]
    [InlineData("plan-fast-gpu", "--titles 10 100 1000 10000 --minutes 100 --deadline-hours 720 --depth-ms 20 --render-ms 80")]
    public async Task Each_capacity_table_is_what_its_documented_command_writes(string section, string arguments)
    {
        var text = await File.ReadAllTextAsync(Doc);
        Assert.Contains($"-- plan {arguments}\n", text, StringComparison.Ordinal); // the command shown in the doc

        var copy = Path.Combine(Directory.CreateTempSubdirectory("spatialme-doc-").FullName, "kubernetes.md");
        try
        {
            await File.WriteAllTextAsync(copy, text);
            var exit = await Program.BuildRoot().Parse(["plan", .. arguments.Split(' '), "--update", copy, "--section", section]).InvokeAsync();

            Assert.Equal(0, exit);
            Assert.Equal(text, await File.ReadAllTextAsync(copy));
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        }
    }
}
