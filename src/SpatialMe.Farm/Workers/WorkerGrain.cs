using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Workers;

/// <summary>
/// What every GPU worker grain shares: one unit of <see cref="BackgroundWork"/>, polled and cancelled through
/// <see cref="IWorkerGrain"/>, cancelled too when the activation goes away. Subclasses start the work.
/// </summary>
public abstract class WorkerGrain(ILocalSiloDetails silo) : Grain, IWorkerGrain
{
    protected BackgroundWork Work { get; } = new();

    /// <summary>The model or method the work uses, reported with its progress (null: none to name).</summary>
    protected virtual string? Model => null;

    public Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Work.Progress(silo.SiloAddress.ToParsableString(), Model));

    public Task CancelAsync(CancellationToken cancellationToken = default)
    {
        Work.Cancel();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        Work.Cancel();
        return base.OnDeactivateAsync(reason, cancellationToken);
    }
}
