using System.Diagnostics;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// Runs the real `spatialme` program (built beside the tests) as its own process, as a user would. Each run gets its
/// own farm store (SPATIALME_STORE) unless the test names one, so parallel tests never share an embedded farm.
/// </summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string All => Stdout + Stderr;
    }

    public static Result Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs with these environment variables set (secrets such as SPATIALME_BLOB), on a fresh store.</summary>
    public static Result RunWith(IReadOnlyDictionary<string, string> environment, params string[] args) => RunIn(null, args, environment);

    /// <summary>Runs with <paramref name="store"/> as the farm store (null: a fresh one, deleted afterwards).</summary>
    public static Result RunIn(string? store, params string[] args) => RunIn(store, args, null);

    /// <summary>The exit code a run killed after 10 minutes reports (timeout(1)'s).</summary>
    public const int TimedOutExitCode = 124;

    private static Result RunIn(string? store, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var own = store is null ? Path.Combine(Path.GetTempPath(), "spatialme-cli-store-" + Guid.NewGuid().ToString("N")[..12]) : null;
        using var process = Start(store ?? own!, args, environment);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
            {
                // Returned, not thrown: the caller's assertion then prints what the command had written, and whatever
                // else it adds (a cluster test adds its silos' logs), which a stuck command is diagnosed from.
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                return new Result(TimedOutExitCode, stdout.Result, stderr.Result + $"\nspatialme {string.Join(' ', args)} did not finish in 10 minutes and was killed.\n");
            }

            return new Result(process.ExitCode, stdout.Result, stderr.Result);
        }
        finally
        {
            if (own is not null && Directory.Exists(own))
            {
                Directory.Delete(own, recursive: true);
            }
        }
    }

    /// <summary>Starts spatialme without waiting (the caller reads its output and ends it).</summary>
    public static Process Start(string store, params string[] args) => Start(store, args, null);

    private static Process Start(string store, string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["SPATIALME_STORE"] = store;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "spatialme.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        return Process.Start(psi)!;
    }
}
