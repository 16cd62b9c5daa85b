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
    public async Task Kill_9_of_a_gpu_silo_mid_job_redoes_only_segments_whose_work_was_lost_and_changes_no_byte()
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

        var wait = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
        Assert.True(wait.ExitCode == 0, wait.All + cpu.Log + gpu1.Log);

        // Every attempt is in the segment's history. Only the killed silo's work is lost: what ran there, and what
        // placement still sent there before the cluster declared it dead (never reported: no silo). Workers on the
        // live silo run on (their directory entries are kept in Redis, not on the silo that died). What was lost is
        // redone; nothing else is, and the output does not change by a byte.
        var final = Segments(redis.ConnectionString, id);
        bool OnKilledSilo(JsonElement a) =>
            a.GetProperty("silo").ValueKind == JsonValueKind.Null || a.GetProperty("silo").GetString()!.StartsWith(gpu2.AddressPrefix, StringComparison.Ordinal);
        var segments = final.EnumerateArray().ToList();
        var lost = segments.SelectMany(s => s.GetProperty("history").EnumerateArray()).Where(a => a.GetProperty("outcome").GetString() == "lost").ToList();
        Assert.NotEmpty(lost);
        Assert.All(lost, a => Assert.True(OnKilledSilo(a), $"work lost on a silo that was not killed: {a}"));
        var rerun = segments.Where(s => s.GetProperty("depthRuns").GetInt32() > 1 || s.GetProperty("renderRuns").GetInt32() > 1).ToList();
        Assert.NotEmpty(rerun);
        Assert.All(rerun, s => Assert.True(
            s.GetProperty("history").EnumerateArray().Any(a => a.GetProperty("outcome").GetString() == "lost"),
            $"segment {s.GetProperty("index")} ran a phase again without losing an attempt: {s}"));

        var reference = dir.File("embedded.mp4");
        Assert.Equal(0, CliRunner.Run(["convert", FarmClips.CityNight, "-o", reference, .. Segmented]).ExitCode);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
    }

    [Fact]
    public async Task A_rolling_restart_of_the_gpu_pool_mid_job_hands_work_back_redoes_no_committed_segment_and_changes_no_byte()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var media = dir.File("media");
        using var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu");
        using var gpu1 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        using var gpu2 = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        // Small segments: many units of work, so the first old silo still has some to start after its replacement is up.
        string[] small = ["--segment-frames", "6", "--overlap", "2", "--preset", "veryfast"];
        var output = dir.File("out.mp4");
        var submit = CliRunner.Run(["submit", FarmClips.CityNight, "-o", output, "--redis", redis.ConnectionString, .. small]);
        Assert.True(submit.ExitCode == 0, submit.All);
        var id = submit.Stdout.Trim();
        // Each segment seen done, with its depth and render runs then: they must not change afterwards.
        var committed = new Dictionary<int, (int Depth, int Render)>();

        // As a Deployment rolls with maxSurge 1 / maxUnavailable 0: start the new pod, then SIGTERM an old one — the
        // first the moment it starts a unit of work (it logs that), so that the stop lands while it computes.
        var replacements = new List<SiloProcess>();
        try
        {
            foreach (var old in new[] { gpu1, gpu2 })
            {
                replacements.Add(await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu"));
                if (old == gpu1)
                {
                    await old.WaitForLineAsync("running on this silo", old.LogLength, TimeSpan.FromMinutes(3));
                }

                foreach (var s in Segments(redis.ConnectionString, id).EnumerateArray().Where(s => s.GetProperty("stage").GetString() == "done"))
                {
                    committed.TryAdd(s.GetProperty("index").GetInt32(), Runs(s));
                }

                var exit = old.Terminate(TimeSpan.FromSeconds(90));
                Assert.True(exit == 0, $"a silo stopped by SIGTERM exited with {exit}:\n{old.Log}");
                Assert.Contains("silo stopping: handing back work", old.Log, StringComparison.Ordinal);
                Assert.Contains("silo stopped.", old.Log, StringComparison.Ordinal);
            }

            var wait = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
            Assert.True(wait.ExitCode == 0, wait.All + cpu.Log + string.Concat(replacements.Select(r => r.Log)));
        }
        finally
        {
            replacements.ForEach(r => r.Dispose());
        }

        // Segments committed before a silo went were not computed again. What a stopping silo handed back (a unit it
        // could not finish before its activations ended) was redone elsewhere and recorded as lost on that silo, never
        // as a failure of the work (which would count against the job's soft-fail limit); no work was lost anywhere
        // else; the output is the embedded profile's.
        var segments = Segments(redis.ConnectionString, id).EnumerateArray().ToList();
        var attempts = segments.SelectMany(s => s.GetProperty("history").EnumerateArray()).ToList();
        Assert.DoesNotContain(attempts, a => a.GetProperty("outcome").GetString() == "failed");
        Assert.All(attempts.Where(a => a.GetProperty("outcome").GetString() == "lost"), a => Assert.True(
            a.GetProperty("silo").ValueKind == JsonValueKind.Null
            || new[] { gpu1, gpu2 }.Any(g => a.GetProperty("silo").GetString()!.StartsWith(g.AddressPrefix, StringComparison.Ordinal)),
            $"work lost on a silo that was not stopped: {a}"));
        Assert.All(segments.Where(s => committed.ContainsKey(s.GetProperty("index").GetInt32())), s =>
            Assert.Equal(committed[s.GetProperty("index").GetInt32()], Runs(s)));
        var reference = dir.File("embedded.mp4");
        Assert.Equal(0, CliRunner.Run(["convert", FarmClips.CityNight, "-o", reference, .. small]).ExitCode);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(output));
    }

    [Fact]
    public async Task Stopping_every_silo_mid_catalog_and_starting_them_again_resumes_without_recomputing_committed_segments()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        var media = dir.File("media");
        var manifest = dir.File("winter.json");
        File.WriteAllText(manifest, JsonSerializer.Serialize(new[] { "first", "second" }.Select(id => new Dictionary<string, object>
        {
            ["id"] = id, ["input"] = FarmClips.CityNight, ["output"] = dir.File(id + ".mp4"), ["segment-frames"] = 12, ["overlap"] = 4, ["preset"] = "veryfast",
        })));
        List<int> committed;
        string first;
        using (var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu"))
        using (var gpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu"))
        {
            var submit = CliRunner.Run("catalog", "submit", manifest, "--redis", redis.ConnectionString);
            Assert.True(submit.ExitCode == 0, submit.All);
            first = CatalogTitles(redis.ConnectionString, "winter")["first"].GetProperty("jobId").GetString()!;
            committed = await WaitForSomeDoneAsync(redis.ConnectionString, first);
            cpu.Kill();
            gpu.Kill();
        }

        using var cpuAgain = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu");
        using var gpuAgain = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        var wait = CliRunner.Run("catalog", "wait", "winter", "--redis", redis.ConnectionString);

        Assert.True(wait.ExitCode == 0, wait.All + cpuAgain.Log + gpuAgain.Log);
        var segments = Segments(redis.ConnectionString, first).EnumerateArray().ToList();
        Assert.All(segments.Where(s => committed.Contains(s.GetProperty("index").GetInt32())), s =>
            Assert.Equal((1, 1), (s.GetProperty("depthRuns").GetInt32(), s.GetProperty("renderRuns").GetInt32())));
        var reference = dir.File("embedded.mp4");
        Assert.Equal(0, CliRunner.Run(["convert", FarmClips.CityNight, "-o", reference, .. Segmented]).ExitCode);
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(dir.File("first.mp4")));
        Assert.Equal(File.ReadAllBytes(reference), File.ReadAllBytes(dir.File("second.mp4")));
    }

    [Fact]
    public async Task Restarting_redis_mid_job_the_cluster_recovers_and_the_job_completes()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync(persistent: true);
        var media = dir.File("media");
        using var cpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "cpu");
        using var gpu = await SiloProcess.StartAsync(redis.ConnectionString, media, "gpu");
        var output = dir.File("out.mp4");
        var submit = CliRunner.Run(["submit", FarmClips.CityNight, "-o", output, "--redis", redis.ConnectionString, .. Segmented]);
        Assert.True(submit.ExitCode == 0, submit.All);
        var id = submit.Stdout.Trim();
        await WaitForSomeDoneAsync(redis.ConnectionString, id);

        await redis.RestartAsync();

        var wait = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
        Assert.True(wait.ExitCode == 0, wait.All + cpu.Log + gpu.Log);
        Assert.Equal(FarmClips.Frames, TestClips.CountDecodedFrames(output));
    }

    [Fact]
    public async Task The_redis_password_never_appears_in_a_silo_log_or_a_client_error()
    {
        const string password = "s3cret-Pa55-word";
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync(password: password);
        using var silo = await SiloProcess.StartAsync(redis.ConnectionString, dir.File("media"), "gpu");
        var listed = CliRunner.Run("status", "--redis", redis.ConnectionString);
        var refused = CliRunner.Run("status", "--redis", $"127.0.0.1:{redis.Port},password=wrong-{password}");

        Assert.True(listed.ExitCode == 0, listed.All);
        Assert.Contains("password=*****", silo.Log);
        Assert.DoesNotContain(password, silo.Log + listed.All + refused.All);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("cannot reach the farm cluster", refused.Stderr);
    }

    /// <summary>How many times a segment's depth and render phases were started.</summary>
    private static (int Depth, int Render) Runs(JsonElement segment) => (segment.GetProperty("depthRuns").GetInt32(), segment.GetProperty("renderRuns").GetInt32());

    /// <summary>Waits until some but not all segments of the job are done; returns their indices.</summary>
    private static async Task<List<int>> WaitForSomeDoneAsync(string redis, string id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var segments = Segments(redis, id).EnumerateArray().ToList();
            var done = segments.Where(s => s.GetProperty("stage").GetString() == "done").Select(s => s.GetProperty("index").GetInt32()).ToList();
            if (done.Count > 0 && done.Count < segments.Count)
            {
                return done;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"job {id} never had some but not all segments done");
    }

    /// <summary>
    /// Waits until the silo has segments in depth or render with at most half their frames done (so that a kill right
    /// after lands in the middle of the work, not after it: the status lags the silo by a poll); returns their indices.
    /// </summary>
    private static async Task<List<int>> WaitForWorkOnAsync(string redis, string id, string silo)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var busy = Segments(redis, id).EnumerateArray().Where(s =>
                s.GetProperty("stage").GetString() is "depth" or "render"
                && s.GetProperty("silo").GetString()?.StartsWith(silo, StringComparison.Ordinal) == true
                && 2 * s.GetProperty("framesDone").GetInt32() <= s.GetProperty("end").GetInt32() - s.GetProperty("start").GetInt32())
                .Select(s => s.GetProperty("index").GetInt32()).ToList();
            if (busy.Count > 0)
            {
                return busy;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"no work reached silo {silo}");
    }

    private static Dictionary<string, JsonElement> CatalogTitles(string redis, string catalog)
    {
        var result = CliRunner.Run("catalog", "status", catalog, "--json", "--redis", redis);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.Stdout).RootElement.GetProperty("titles").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!, t => t.Clone());
    }

    /// <summary>The job's segments as `spatialme status &lt;id&gt; --segments --json` prints them (the API's segment documents).</summary>
    private static JsonElement Segments(string redis, string id)
    {
        var result = CliRunner.Run("status", id, "--segments", "--json", "--redis", redis);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }
}
