using System.Globalization;

namespace SpatialMe.Capacity.Planning;

/// <summary>
/// Where a plan runs into a limit of this design rather than of its pool sizes, each said with the figure that
/// reaches it. The reasons are in docs/kubernetes.md ("Past 10,000 titles").
/// </summary>
public static class DesignLimits
{
    /// <summary>Redis's documented ceiling for one string or hash value.</summary>
    public const double RedisMaxValueBytes = 512 * 1024.0 * 1024;

    /// <summary>
    /// A coordinator queue past this size makes every admission and every finished title rewrite megabytes, and its
    /// listing (API, dashboard) one message of that size.
    /// </summary>
    public const double CoordinatorStateWarnBytes = 16 * 1024.0 * 1024;

    public static IReadOnlyList<string> Check(CapacityPlan plan, StateCosts state, StoreCosts store)
    {
        var limits = new List<string>();
        if (plan.CoordinatorStateBytes > CoordinatorStateWarnBytes)
        {
            limits.Add(Say($"the coordinator's queue is one Redis value of {Bytes(plan.CoordinatorStateBytes)}, rewritten {state.CoordinatorWritesPerTitle:0} times per title: shard the queue (one grain per priority band or per catalog)"));
        }

        if (plan.JobStateBytes > RedisMaxValueBytes / 64)
        {
            limits.Add(Say($"a film job's state reaches {Bytes(plan.JobStateBytes)} and is rewritten about {state.JobWritesPerSegment:0} times per segment: keep segment tracks out of the job's state"));
        }

        if (plan.CoordinatorStateBytes > RedisMaxValueBytes || plan.JobStateBytes > RedisMaxValueBytes)
        {
            limits.Add("a grain state exceeds Redis's 512 MB value limit: the write fails");
        }

        if (plan.RedisMemoryBytes > state.RedisMemoryBudgetBytes)
        {
            limits.Add(Say($"Redis needs {Bytes(plan.RedisMemoryBytes)}, over the {Bytes(state.RedisMemoryBudgetBytes)} budget: clear finished jobs' state or give Redis more memory"));
        }

        if (plan.BlobWriteBitsPerSecond > store.AccountIngressBitsPerSecond)
        {
            limits.Add(Say($"blob writes average {Rate(plan.BlobWriteBitsPerSecond)}, over the account's {Rate(store.AccountIngressBitsPerSecond)} ingress: spread the media store over several accounts"));
        }

        if (plan.BlobReadBitsPerSecond > store.AccountEgressBitsPerSecond)
        {
            limits.Add(Say($"blob reads average {Rate(plan.BlobReadBitsPerSecond)}, over the account's {Rate(store.AccountEgressBitsPerSecond)} egress: spread the media store over several accounts, or keep a title's segments on fewer silos"));
        }

        if (plan.InputCacheBytesPerGpuSilo > store.ScratchBudgetBytes)
        {
            limits.Add(Say($"each GPU silo ends up holding {Bytes(plan.InputCacheBytesPerGpuSilo)} of input copies (never evicted), over its {Bytes(store.ScratchBudgetBytes)} scratch: evict copies of finished titles, or read inputs by range"));
        }

        return limits;
    }

    public static string Bytes(double bytes) => bytes switch
    {
        >= 1e12 => Say($"{bytes / 1e12:0.0} TB"),
        >= 1e9 => Say($"{bytes / 1e9:0.0} GB"),
        >= 1e6 => Say($"{bytes / 1e6:0.0} MB"),
        >= 1e3 => Say($"{bytes / 1e3:0.0} kB"),
        _ => Say($"{bytes:0} B"),
    };

    public static string Rate(double bitsPerSecond) => bitsPerSecond switch
    {
        >= 1e9 => Say($"{bitsPerSecond / 1e9:0.00} Gbit/s"),
        >= 1e6 => Say($"{bitsPerSecond / 1e6:0.0} Mbit/s"),
        _ => Say($"{bitsPerSecond / 1e3:0.0} kbit/s"),
    };

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
