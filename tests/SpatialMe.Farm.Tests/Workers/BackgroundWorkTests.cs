using SpatialMe.Farm.Work;
using SpatialMe.Farm.Workers;

namespace SpatialMe.Farm.Tests.Workers;

/// <summary>How a unit of work ends: done, failed, cancelled, or handed back because its silo is stopping.</summary>
public sealed class BackgroundWorkTests
{
    [Fact]
    public async Task Work_stopped_by_its_silo_shutting_down_is_handed_back_not_failed()
    {
        using var stopping = new CancellationTokenSource();
        var work = new BackgroundWork();
        var started = new TaskCompletionSource();
        work.Start(10, stopping.Token, async (progress, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return false;
        });
        await started.Task;

        await stopping.CancelAsync();
        var end = await EndAsync(work);

        Assert.Equal(WorkState.HandedBack, end.State);
        Assert.Equal(BackgroundWork.HandedBackError, end.Error);
    }

    [Fact]
    public async Task An_error_thrown_while_the_silo_stops_is_the_stop_not_a_failure_of_the_work()
    {
        using var stopping = new CancellationTokenSource();
        var work = new BackgroundWork();
        work.Start(10, stopping.Token, async (progress, ct) =>
        {
            await stopping.CancelAsync();
            throw new IOException("ffmpeg exited: killed"); // what a decoder killed by the stop reports
        });

        Assert.Equal(WorkState.HandedBack, (await EndAsync(work)).State);
    }

    [Fact]
    public async Task Work_cancelled_by_its_job_fails_as_cancelled_and_an_error_fails_with_its_message()
    {
        var cancelled = new BackgroundWork();
        cancelled.Start(10, CancellationToken.None, async (progress, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return false;
        });
        cancelled.Cancel();
        var failing = new BackgroundWork();
        failing.Start(10, CancellationToken.None, (progress, ct) => throw new InvalidDataException("not a video"));

        Assert.Equal((WorkState.Failed, "cancelled"), Outcome(await EndAsync(cancelled)));
        Assert.Equal((WorkState.Failed, "not a video"), Outcome(await EndAsync(failing)));
    }

    private static (WorkState, string?) Outcome(WorkProgress p) => (p.State, p.Error);

    private static async Task<WorkProgress> EndAsync(BackgroundWork work)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (work.Progress("silo").State == WorkState.Running)
        {
            Assert.True(DateTime.UtcNow < deadline, "the work never ended");
            await Task.Delay(10);
        }

        return work.Progress("silo");
    }
}
