using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary>
/// <c>spatialme retry</c> and <c>spatialme priority</c> against a real cluster (redis-server and a `spatialme silo`
/// process): the coordinator's answers, as the API gives them (docs/api.md) — 404 and 409 there are exit 2 with the
/// same reason here.
/// </summary>
public sealed class RetryPriorityCliTests
{
    [Fact]
    public async Task Retry_brings_a_failed_job_to_done_and_both_commands_refuse_unknown_jobs_and_wrong_states_like_the_api()
    {
        using var dir = new TempDirectory();
        using var redis = await RedisServer.StartAsync();
        using var silo = await SiloProcess.StartAsync(redis.ConnectionString, dir.File("media"), "gpu");

        var unknownRetry = CliRunner.Run("retry", "no-such-job", "--redis", redis.ConnectionString);
        Assert.True(unknownRetry.ExitCode == 2, unknownRetry.All);
        Assert.Contains("No job 'no-such-job'", unknownRetry.Stderr, StringComparison.Ordinal);
        var unknownPriority = CliRunner.Run("priority", "no-such-job", "3", "--redis", redis.ConnectionString);
        Assert.True(unknownPriority.ExitCode == 2, unknownPriority.All);
        Assert.Contains("No job 'no-such-job'", unknownPriority.Stderr, StringComparison.Ordinal);

        // A real failure: the output's folder does not exist yet, so the stitch fails; the segments commit.
        var input = TestClips.Create(dir.Path, width: 160, height: 120, seconds: 1, name: "cli-retry");
        var folder = dir.File("later");
        var submit = CliRunner.Run("submit", input, "-o", Path.Combine(folder, "out.mp4"), "--redis", redis.ConnectionString);
        Assert.True(submit.ExitCode == 0, submit.All + silo.Log);
        var id = submit.Stdout.Trim();
        var failed = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
        Assert.True(failed.ExitCode != 0 && failed.Stdout.Contains($"{id}: failed", StringComparison.Ordinal), failed.All + silo.Log);

        // Not queued any more: the API's 409 for a priority change.
        var late = CliRunner.Run("priority", id, "5", "--redis", redis.ConnectionString);
        Assert.True(late.ExitCode == 2, late.All);
        Assert.Contains("not queued", late.Stderr, StringComparison.Ordinal);

        Directory.CreateDirectory(folder);
        var retry = CliRunner.Run("retry", id, "--redis", redis.ConnectionString);
        Assert.True(retry.ExitCode == 0, retry.All + silo.Log);
        Assert.Matches($"^{id}: (queued|running) \\(retrying\\)$", retry.Stdout.Trim());
        var done = CliRunner.Run("wait", id, "--redis", redis.ConnectionString);
        Assert.True(done.ExitCode == 0, done.All + silo.Log);
        Assert.Equal(25, TestClips.CountDecodedFrames(Path.Combine(folder, "out.mp4")));

        // Done: the API's 409 for a retry.
        var again = CliRunner.Run("retry", id, "--redis", redis.ConnectionString);
        Assert.True(again.ExitCode == 2, again.All);
        Assert.Contains("nothing to retry", again.Stderr, StringComparison.Ordinal);
    }
}
