using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// The cluster profile with real processes: a real redis-server, `spatialme silo` processes (CPU and GPU roles)
/// sharing a media folder, and the client commands `submit`, `wait`, `status`.
/// </summary>
public sealed class ClusterTests
{
    private static readonly string[] Segmented = ["--segment-frames", "12", "--overlap", "4", "--preset", "veryfast"];

    [Fact]
    public async Task Titles_on_separate_silo_processes_come_out_byte_identical_to_the_embedded_profile()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var media = dir.File("media");
        using var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu");
        using var gpu1 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        using var gpu2 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");

        var titles = new[] { ("sbs.mp4", "full-sbs"), ("tv.mp4", "half-sbs") };
        var ids = new List<string>();
        foreach (var (name, format) in titles)
        {
            var submit = CliRunner.Run(["submit", FarmClips.CityNight, "-o", dir.File(name), "-f", format, "--redis", redis.ConnectionString, .. Segmented]);
            Assert.True(submit.ExitCode == 0, submit.All + cpu.Log);
            ids.Add(submit.Stdout.Trim());
        }

        foreach (var id in ids)
        {
            var wait = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
            Assert.True(wait.ExitCode == 0, wait.All + cpu.Log + gpu1.Log + gpu2.Log);
        }

        var status = CliRunner.Run("status", "--redis", redis.ConnectionString);
        Assert.Equal(2, status.Stdout.Split('\n').Count(l => l.Contains("  done ", StringComparison.Ordinal)));
        foreach (var (name, format) in titles)
        {
            var reference = dir.File("embedded-" + name);
            var embedded = CliRunner.Run(["convert", FarmClips.CityNight, "-o", reference, "-f", format, .. Segmented]);
            Assert.True(embedded.ExitCode == 0, embedded.All);
            Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(dir.File(name)));
        }
    }

    [Fact]
    public async Task Kill_9_of_a_gpu_silo_mid_job_redoes_only_its_segments_and_changes_no_byte()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var media = dir.File("media");
        using var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu");
        using var gpu1 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        using var gpu2 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        var output = dir.File("out.mp4");
        var submit = CliRunner.Run(["submit", FarmClips.CityNight, "-o", output, "--redis", redis.ConnectionString, .. Segmented]);
        Assert.True(submit.ExitCode == 0, submit.All);
        var id = submit.Stdout.Trim();

        await WaitForWorkOnAsync(redis.ConnectionString, id, gpu2.AddressPrefix);
        gpu2.Kill();

        // What the killed silo held: attempts it reported, and attempts placed but not yet reported by any silo.
        var inFlight = Status(redis.ConnectionString, id).GetProperty("segments").EnumerateArray().Count(s =>
            s.GetProperty("stage").GetString() is "depth" or "render"
            && (s.GetProperty("silo").ValueKind == JsonValueKind.Null || s.GetProperty("silo").GetString()!.StartsWith(gpu2.AddressPrefix, StringComparison.Ordinal)));

        var wait = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
        Assert.True(wait.ExitCode == 0, wait.All + cpu.Log + gpu1.Log);
        var final = Status(redis.ConnectionString, id);
        var rerun = final.GetProperty("segments").EnumerateArray().Count(s => s.GetProperty("depthRuns").GetInt32() > 1 || s.GetProperty("renderRuns").GetInt32() > 1);
        Assert.True(rerun >= 1 && rerun <= inFlight, $"{rerun} segments redone, {inFlight} were in flight on the killed silo");

        var reference = dir.File("embedded.mp4");
        Assert.Equal(0, CliRunner.Run(["convert", FarmClips.CityNight, "-o", reference, .. Segmented]).ExitCode);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
    }

    /// <summary>Waits until the silo has a segment in depth or render.</summary>
    private static async Task WaitForWorkOnAsync(string redis, string id, string silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var status = Status(redis, id);
            var busy = status.GetProperty("segments").EnumerateArray().Count(s =>
                s.GetProperty("stage").GetString() is "depth" or "render"
                && s.GetProperty("silo").GetString()?.StartsWith(silo, StringComparison.Ordinal) == true);
            if (busy > 0)
            {
                return;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no work reached silo {silo}");
    }

    private static JsonElement Status(string redis, string id)
    {
        var result = CliRunner.Run("status", id, "--json", "--redis", redis);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
