using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using k8s.Models;
using SpatialMe.Cli;
using SpatialMe.Testing;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// The chart runs what the image holds, and the image holds what the build makes: every container of the farm's image
/// runs <c>dotnet /app/spatialme.dll</c> with arguments that parse as a real <c>spatialme</c> command line (the
/// program's own command tree), every SPATIALME_* variable it sets is one the program reads, and docker/Dockerfile
/// copies files that exist, runs scripts that take its flags, and ends on the same entrypoint as a non-root user.
/// </summary>
public sealed partial class EntrypointTests
{
    private static readonly string[] Entrypoint = ["dotnet", "/app/spatialme.dll"];

    private static string Root => SharedData.RepositoryRoot;

    private static string Dockerfile => File.ReadAllText(Path.Combine(Root, "docker", "Dockerfile"));

    /// <summary>The farm's own containers (our image) in every Deployment of a rendering.</summary>
    private static IEnumerable<(string Deployment, V1Container Container)> FarmContainers(string valuesFile) =>
        from d in Manifests.Parse(Helm.Template("r", [Helm.Ci(valuesFile)])).OfType<V1Deployment>()
        from c in d.Spec.Template.Spec.Containers
        where c.Image.StartsWith("spatialme/farm:", StringComparison.Ordinal)
        select (d.Metadata.Name, c);

    [Theory]
    [MemberData(nameof(Helm.CiValuesFiles), MemberType = typeof(Helm))]
    public void Every_farm_container_runs_a_spatialme_command_line_that_the_program_parses(string valuesFile)
    {
        var containers = FarmContainers(valuesFile).ToList();
        Assert.Contains(containers, c => c.Container.Name == "silo");
        Assert.Contains(containers, c => c.Container.Name == "web");

        foreach (var (deployment, container) in containers)
        {
            Assert.Equal(Entrypoint, container.Command);
            var parse = CliApp.BuildRoot().Parse([.. container.Args]);
            Assert.True(parse.Errors.Count == 0, $"{deployment}: spatialme {string.Join(' ', container.Args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
            Assert.Equal(container.Name, parse.CommandResult.Command.Name);
        }
    }

    [Fact]
    public void The_command_tree_refuses_a_misspelt_option_so_the_check_above_can_fail()
    {
        var parse = CliApp.BuildRoot().Parse(["silo", "--role", "gpu", "--gpu-slot", "2"]);

        Assert.NotEmpty(parse.Errors);
    }

    [Theory]
    [MemberData(nameof(Helm.CiValuesFiles), MemberType = typeof(Helm))]
    public void Every_spatialme_variable_the_chart_sets_is_one_the_program_reads(string valuesFile)
    {
        var read = VariablesTheProgramReads();

        foreach (var (deployment, container) in FarmContainers(valuesFile))
        {
            foreach (var name in container.Env.Select(e => e.Name).Where(n => n.StartsWith("SPATIALME_", StringComparison.Ordinal)))
            {
                Assert.True(read.Contains(name), $"{deployment}/{container.Name} sets {name}, which nothing under src/ reads");
            }
        }
    }

    [Fact]
    public void The_dockerfile_ends_on_the_charts_entrypoint_as_the_charts_non_root_user_without_the_sdk()
    {
        var stages = Stages(Dockerfile);
        var final = stages[^1];

        Assert.Matches(@"^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0", final[0]);
        Assert.DoesNotContain(final, line => line.Contains("dotnet/sdk", StringComparison.Ordinal));
        var entrypoint = final.Single(l => l.StartsWith("ENTRYPOINT ", StringComparison.Ordinal))["ENTRYPOINT ".Length..];
        Assert.Equal(Entrypoint, JsonSerializer.Deserialize<string[]>(entrypoint));
        Assert.Equal("USER 1654:1654", final.Single(l => l.StartsWith("USER ", StringComparison.Ordinal)));

        // The chart runs the pods as that user.
        var pod = Manifests.Parse(Helm.Template("r", [Helm.Ci("default-values.yaml")])).OfType<V1Deployment>().First().Spec.Template.Spec;
        Assert.Equal(1654, pod.SecurityContext.RunAsUser);

        // /app is the CLI's publish output, whose assembly is spatialme.dll.
        Assert.Contains(stages[0], l => Regex.IsMatch(l, @"^RUN dotnet publish src/SpatialMe\.Cli/SpatialMe\.Cli\.csproj .*-o /app\b"));
        Assert.Contains("<AssemblyName>spatialme</AssemblyName>", File.ReadAllText(Path.Combine(Root, "src", "SpatialMe.Cli", "SpatialMe.Cli.csproj")));
        Assert.Contains("COPY --from=build /app /app", final);
    }

    [Fact]
    public void Every_file_the_dockerfile_copies_exists_and_is_not_left_out_of_the_build_context()
    {
        var ignored = File.ReadAllLines(Path.Combine(Root, ".dockerignore"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.TrimEnd('/').Replace("**/", string.Empty, StringComparison.Ordinal))
            .ToList();
        var copies = Stages(Dockerfile).SelectMany(s => s).Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(copies);

        foreach (var copy in copies)
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[1..^1])
            {
                var path = Path.Combine(Root, source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"the Dockerfile copies {source}, which the repository does not have");
                Assert.DoesNotContain(ignored, i => source.TrimEnd('/') == i || source.StartsWith(i + "/", StringComparison.Ordinal));
            }
        }

        // Every project the CLI is built from has its project file copied before the restore.
        foreach (var project in Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Root, project).Replace('\\', '/');
            if (relative.Contains("SpatialMe.Cli", StringComparison.Ordinal) || CliDependsOn(relative))
            {
                Assert.Contains(copies, c => c.StartsWith($"COPY {relative} ", StringComparison.Ordinal));
            }
        }

        // The shipped refiner weights (when the repository has them) must reach the image.
        if (File.Exists(Path.Combine(Root, "models", "spatialme-refiner.bin")))
        {
            Assert.Contains(copies, c => c.StartsWith("COPY models/", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_script_the_image_runs_is_the_install_script_and_takes_the_image_flag()
    {
        var final = Stages(Dockerfile)[^1];
        Assert.Contains("COPY tools/install-deps.sh /tmp/install-deps.sh", final);
        var run = final.Single(l => l.StartsWith("RUN /tmp/install-deps.sh", StringComparison.Ordinal));
        Assert.Contains("--image", run);

        // The script knows the flag (its option parser has the case), and refuses one it does not know before doing anything.
        var script = Path.Combine(Root, "tools", "install-deps.sh");
        Assert.Contains("  --image) image=true ;;", File.ReadAllText(script));
        var (code, output) = Bash(script, "--no-such-flag");
        Assert.Equal(2, code);
        Assert.Contains("unknown option '--no-such-flag'", output);
        Assert.Equal(0, Bash("-n", script).Code);
    }

    [Fact]
    public void The_cuda_variant_is_the_models_project_switch()
    {
        var build = Stages(Dockerfile)[0];

        Assert.Contains(build, l => l.StartsWith("RUN dotnet publish", StringComparison.Ordinal) && l.Contains("-p:TorchDevice=${TORCH_DEVICE}", StringComparison.Ordinal));
        Assert.Contains("ARG TORCH_DEVICE=cpu", Dockerfile);
        var models = File.ReadAllText(Path.Combine(Root, "src", "SpatialMe.Models", "SpatialMe.Models.csproj"));
        Assert.Contains("'$(TorchDevice)' == 'cuda'", models);
    }

    /// <summary>The Dockerfile's stages (from each FROM), as logical lines: continuations joined, comments dropped.</summary>
    private static List<List<string>> Stages(string dockerfile)
    {
        var stages = new List<List<string>>();
        var logical = string.Empty;
        foreach (var raw in dockerfile.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && logical.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                logical += line[..^1].Trim() + " ";
                continue;
            }

            logical += line;
            if (logical.StartsWith("FROM ", StringComparison.Ordinal))
            {
                stages.Add([]);
            }

            if (stages.Count > 0 && logical.Length > 0)
            {
                stages[^1].Add(logical);
            }

            logical = string.Empty;
        }

        return stages;
    }

    /// <summary>Whether the CLI references this project (directly or through another), from the project files.</summary>
    private static bool CliDependsOn(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([Path.Combine(Root, "src", "SpatialMe.Cli", "SpatialMe.Cli.csproj")]);
        while (queue.TryDequeue(out var current))
        {
            foreach (Match m in ProjectReference().Matches(File.ReadAllText(current)))
            {
                var referenced = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(current)!, m.Groups[1].Value.Replace('\\', '/')));
                if (seen.Add(referenced))
                {
                    queue.Enqueue(referenced);
                }
            }
        }

        return seen.Contains(Path.GetFullPath(Path.Combine(Root, project)));
    }

    /// <summary>Every SPATIALME_* name the sources read: as a literal, or through ClusterConnection.Env/EnvInt("NAME").</summary>
    private static HashSet<string> VariablesTheProgramReads()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(Path.Combine(Root, "src"), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Literal().Matches(text))
            {
                names.Add(m.Groups[1].Value);
            }

            foreach (Match m in EnvCall().Matches(text))
            {
                names.Add("SPATIALME_" + m.Groups[1].Value);
            }
        }

        return names;
    }

    private static (int Code, string Output) Bash(params string[] args)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [GeneratedRegex("\"(SPATIALME_[A-Z0-9_]+)\"")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\bEnv(?:Int)?\(""([A-Z0-9_]+)""\)")]
    private static partial Regex EnvCall();

    [GeneratedRegex(@"<ProjectReference Include=""([^""]+)""")]
    private static partial Regex ProjectReference();
}
