using System.Diagnostics;
using SpatialMe.Testing;

namespace SpatialMe.Deploy.Tests;

/// <summary>
/// The real <c>helm</c> binary (Helm 4, pinned; tools/install-deps.sh --test installs it), run as a process on the
/// chart in the repository. Without it the tests fail saying how to install it: CI always has it.
/// </summary>
internal static class Helm
{
    /// <summary>The version tools/install-deps.sh installs; its default install folder is named after it.</summary>
    public const string Version = "4.1.4";

    public static string ChartFolder => Path.Combine(SharedData.RepositoryRoot, "helm", "spatialme-farm");

    public static string CiFolder => Path.Combine(SharedData.RepositoryRoot, "helm", "ci");

    /// <summary>The example values files in helm/ci/ (one per kind of install), by file name.</summary>
    public static TheoryData<string> CiValuesFiles() => new(CiValuesFileNames());

    public static List<string> CiValuesFileNames() =>
        [.. Directory.GetFiles(CiFolder, "*.yaml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal)];

    /// <summary>Where tools/install-deps.sh puts helm: <c>$SPATIALME_HELM_HOME</c>, else the user's cache folder.</summary>
    public static string Binary
    {
        get
        {
            var home = Environment.GetEnvironmentVariable("SPATIALME_HELM_HOME") is { Length: > 0 } h
                ? h
                : Path.Combine(
                    Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                        ? xdg
                        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                    "spatialme",
                    "helm-" + Version);
            return Path.Combine(home, "helm");
        }
    }

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;
    }

    /// <summary>Runs helm with <paramref name="args"/> in an empty, private home (no repositories, plugins or cache of the user's).</summary>
    public static Result Run(params string[] args)
    {
        if (!File.Exists(Binary))
        {
            Assert.Fail($"helm {Version} is not installed at {Binary}: run tools/install-deps.sh --test (or set SPATIALME_HELM_HOME to its folder).");
        }

        using var home = new TempDirectory("spatialme-helm-home-");
        var psi = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, folder) in new[] { ("HELM_CACHE_HOME", "cache"), ("HELM_CONFIG_HOME", "config"), ("HELM_DATA_HOME", "data") })
        {
            psi.Environment[name] = Path.Combine(home.Path, folder);
        }

        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("helm " + string.Join(' ', args) + " did not finish in 2 minutes");
        }

        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// The chart rendered as release <paramref name="release"/> with the values files (full paths) and
    /// <c>--set</c> pairs given; fails the test with helm's message if it does not render.
    /// </summary>
    public static string Template(string release, IEnumerable<string> valuesFiles, params string[] sets)
    {
        var result = Run(TemplateArgs(release, valuesFiles, sets));
        Assert.True(result.ExitCode == 0, $"helm template failed ({result.ExitCode}):\n{result.All}");
        return result.Stdout;
    }

    /// <summary>The arguments of <c>helm template</c> for this release, values files and <c>--set</c> pairs.</summary>
    public static string[] TemplateArgs(string release, IEnumerable<string> valuesFiles, params string[] sets)
    {
        var args = new List<string> { "template", release, ChartFolder, "--namespace", "farm", "--kube-version", "1.33.0" };
        foreach (var file in valuesFiles)
        {
            args.Add("-f");
            args.Add(file);
        }

        foreach (var set in sets)
        {
            args.Add("--set");
            args.Add(set);
        }

        return [.. args];
    }

    /// <summary>The full path of a values file in helm/ci/.</summary>
    public static string Ci(string fileName) => Path.Combine(CiFolder, fileName);
}
