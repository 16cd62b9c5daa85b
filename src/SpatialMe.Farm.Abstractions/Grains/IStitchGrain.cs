using SpatialMe.Farm.Work;

namespace SpatialMe.Farm.Grains;

/// <summary>
/// One per job (key: job id): reconciles depth across segment seams before rendering, and assembles the output
/// after — cross-fading overlaps, packing the stereo format, encoding and muxing the source's audio and subtitles.
/// </summary>
public interface IStitchGrain : IGrainWithStringKey
{
    /// <summary>
    /// Shot-level depth normalisation plus least-squares scale/shift of each segment onto the previous one over
    /// their overlap; written to <see cref="AlignOrder.AlignKey"/>. Bounded: it reads only the overlap frames.
    /// </summary>
    [ResponseTimeout("00:05:00")]
    Task<AlignReport> AlignShotAsync(AlignOrder order, CancellationToken cancellationToken = default);

    /// <summary>Starts assembling the output; returns at once (poll for progress).</summary>
    Task StartAsync(StitchOrder order, CancellationToken cancellationToken = default);

    [AlwaysInterleave]
    Task<WorkProgress> PollAsync(CancellationToken cancellationToken = default);

    [AlwaysInterleave]
    Task CancelAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts the stereo QC of the published output on this silo; returns at once (poll for progress).</summary>
    Task StartQualityAsync(QualityOrder order, CancellationToken cancellationToken = default);

    [AlwaysInterleave]
    Task<WorkProgress> PollQualityAsync(CancellationToken cancellationToken = default);
}
