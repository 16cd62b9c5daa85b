using System.Runtime.CompilerServices;

namespace SpatialMe.Stereo.Inpainting;

/// <summary>
/// Remembers the right-view flows between consecutive frames, so consecutive chunks of a shot that share context frames
/// do not compute the same optical flow again. Entries hang off the earlier frame of each pair and only point forward in
/// time, so once the converter lets go of a frame its flows go too: memory stays bounded by the window, not the shot.
/// </summary>
public sealed class RightFlowCache
{
    private readonly ConditionalWeakTable<TemporalFrame, Dictionary<TemporalFrame, (RightFlow ToNext, RightFlow ToPrevious)>> _pairs = new();

    /// <summary>The flows earlier → later and later → earlier, computed once per pair.</summary>
    internal (RightFlow ToNext, RightFlow ToPrevious) GetOrAdd(TemporalFrame earlier, TemporalFrame later, Func<(RightFlow, RightFlow)> compute)
    {
        var byLater = _pairs.GetOrCreateValue(earlier);
        lock (byLater)
        {
            if (byLater.TryGetValue(later, out var cached))
            {
                return cached;
            }
        }

        var flows = compute();
        lock (byLater)
        {
            byLater[later] = flows;
        }

        return flows;
    }
}
