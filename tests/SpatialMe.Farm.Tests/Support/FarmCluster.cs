using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.TestingHost;
using SpatialMe.Farm.Grains;
using SpatialMe.Farm.Hosting;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Stereo.Depth;

namespace SpatialMe.Farm.Tests.Support;

/// <summary>One silo of a test cluster: its role and, optionally, the depth estimator it runs.</summary>
public sealed record TestSilo(string Role, IDepthEstimator? Estimator = null);

/// <summary>
/// An in-process Orleans cluster of farm silos (each with its role, GPU slots and estimator) sharing one store
/// folder for grain state and media, as the embedded profile does. Stopping it and starting another on the same
/// folder is a full restart.
/// </summary>
public sealed class FarmCluster : IAsyncDisposable
{
    private FarmCluster(InProcessTestCluster cluster, IReadOnlyList<TestSilo> silos)
    {
        Cluster = cluster;
        Silos = silos;
    }

    public InProcessTestCluster Cluster { get; }

    public IReadOnlyList<TestSilo> Silos { get; }

    public IClusterClient Client => Cluster.Client;

    public ICoordinatorGrain Coordinator => Client.GetGrain<ICoordinatorGrain>(ICoordinatorGrain.Key);

    /// <param name="configureSilo">Anything more each silo needs (a log provider, say).</param>
    public static async Task<FarmCluster> StartAsync(
        string store, IReadOnlyList<TestSilo> silos, Action<FarmOptions>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder((short)silos.Count);
        builder.ConfigureSilo((options, silo) =>
        {
            var index = int.Parse(options.SiloName.Split('_')[^1], System.Globalization.CultureInfo.InvariantCulture);
            var spec = silos[index];
            var farm = new FarmOptions { Role = spec.Role, GpuSlots = 1, PollInterval = TimeSpan.FromMilliseconds(100) };
            configure?.Invoke(farm);
            if (spec.Estimator is { } estimator)
            {
                silo.Services.AddSingleton(estimator);
            }

            silo.AddSpatialMeFarm(farm, new LocalMediaStore(Path.Combine(store, "media")));
            silo.AddFarmFileStorage(EmbeddedFarm.GrainStateFolder(store));
            silo.UseInMemoryReminderService();
            configureSilo?.Invoke(silo);

            // Declare a killed silo dead within a few seconds rather than the production default of about a minute.
            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = TimeSpan.FromSeconds(1);
                o.NumMissedProbesLimit = 2;
                o.NumVotesForDeathDeclaration = 1;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new FarmCluster(cluster, silos);
    }

    /// <summary>The address (as the farm reports silos) of silo <paramref name="index"/>.</summary>
    public string Address(int index) => Handle(index).SiloAddress.ToParsableString();

    public InProcessSiloHandle Handle(int index) => Cluster.Silos.Single(s => s.Name == $"Silo_{index}");

    public IFilmJobGrain Job(string id) => Client.GetGrain<IFilmJobGrain>(id);

    /// <summary>Submits <paramref name="spec"/> and returns its id.</summary>
    public async Task<string> SubmitAsync(JobSpec spec)
    {
        var id = JobIds.For(spec);
        await Coordinator.SubmitAsync(id, spec);
        return id;
    }

    /// <summary>Polls the job until <paramref name="until"/> holds (default: a final state); fails after the timeout.</summary>
    public async Task<JobStatus> WaitAsync(string id, Func<JobStatus, bool>? until = null, TimeSpan? timeout = null)
    {
        until ??= s => s.State.IsFinal();
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(3));
        JobStatus? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await Job(id).GetStatusAsync();
            if (last is not null && until(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {id} did not get there in time; last: {last?.State} {last?.Stage} {last?.Error} "
            + string.Join(" ", last?.Segments.Select(s => $"[{s.Index} {s.Stage} {s.Silo} {s.LastError}]") ?? []));
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
