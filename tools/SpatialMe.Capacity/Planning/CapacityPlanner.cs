namespace SpatialMe.Capacity.Planning;

/// <summary>
/// The arithmetic of the capacity plan. A title is cut as the farm cuts it (shots of the average length, each split
/// into overlapping segments by the SegmentPlanner's rule); its GPU time is depth and render per frame computed plus
/// the farm's overhead per segment and phase; its CPU time is planning and the stitch. Redis load follows from what
/// the grains write (see <see cref="StateCosts"/>) and blob traffic from the bytes each kind of object takes
/// (<see cref="StoreCosts"/>). Pools are sized so the catalog's work fits the deadline at the planned utilisation.
/// </summary>
public static class CapacityPlanner
{
    public static CapacityPlan Plan(CatalogSpec catalog, ComputeCosts compute, StateCosts state, StoreCosts store, int? gpuSilosOverride = null)
    {
        catalog.Validate();
        compute.Validate();
        state.Validate();
        store.Validate();

        // One title, cut as SegmentPlanner cuts it.
        var frames = (long)Math.Round(catalog.MinutesPerTitle * 60 * catalog.FramesPerSecond);
        frames = Math.Max(frames, 1);
        var shotFrames = Math.Max(1L, (long)Math.Round(catalog.AverageShotSeconds * catalog.FramesPerSecond));
        var shots = (frames + shotFrames - 1) / shotFrames;
        var segmentsPerShot = SegmentsPerShot(shotFrames, catalog.SegmentFrames, catalog.Overlap);
        var segments = shots * segmentsPerShot;
        var computed = frames + (shots * (segmentsPerShot - 1) * catalog.Overlap);

        // GPU pool: depth and render per computed frame, plus the farm's overhead per segment and phase.
        var renderMs = compute.RenderMsPerFrame1080 * catalog.Megapixels / ComputeCosts.ReferenceMegapixels;
        var slotSeconds = (computed * (compute.DepthMsPerFrame + renderMs) / 1000) + (segments * 2 * compute.SegmentOverheadSeconds);
        var deadlineSeconds = catalog.DeadlineHours * 3600;
        var totalSlotSeconds = slotSeconds * catalog.Titles;
        var slots = (int)Math.Ceiling(totalSlotSeconds / (deadlineSeconds * compute.Utilisation));
        var silos = gpuSilosOverride ?? (int)Math.Ceiling(slots / (double)compute.GpuSlotsPerSilo);
        slots = Math.Max(slots, 1);
        silos = Math.Max(silos, 1);

        // CPU pool: planning decodes every frame once; the stitch decodes, packs and encodes every output frame.
        var coreSecondsPerTitle = frames * catalog.Megapixels * (compute.PlanningCoreMsPerMegapixelFrame + compute.StitchCoreMsPerMegapixelFrame) / 1000;
        var totalCoreSeconds = coreSecondsPerTitle * catalog.Titles;
        var cpuSilos = Math.Max(1, (int)Math.Ceiling(totalCoreSeconds / (deadlineSeconds * compute.Utilisation * compute.CpuSiloCores)));

        // Redis: every write stores the grain's whole state.
        var jobBytes = state.JobStateBaseBytes + (segments * state.JobStateBytesPerSegment);
        var coordinatorBytes = state.CoordinatorStateBaseBytes + (catalog.Titles * state.CoordinatorBytesPerJob);
        var catalogBytes = state.CatalogStateBaseBytes + (catalog.Titles * state.CatalogBytesPerTitle);
        var jobWrites = state.JobWritesPerTitle + (segments * state.JobWritesPerSegment);
        var segmentWrites = segments * state.SegmentWritesPerSegment;
        var writesPerTitle = state.CoordinatorWritesPerTitle + state.CatalogWritesPerTitle + jobWrites + segmentWrites;
        var writes = (long)Math.Round(writesPerTitle * catalog.Titles);
        // Average sizes while they grow: a job's state from its plan to its end; the queue holds the whole catalog
        // from its submission on (a catalog submits every title at once).
        var writeBytesPerTitle = (state.CoordinatorWritesPerTitle * coordinatorBytes)
            + (state.CatalogWritesPerTitle * catalogBytes)
            + (jobWrites * (state.JobStateBaseBytes + (jobBytes - state.JobStateBaseBytes) / 2))
            + (segmentWrites * state.SegmentStateBytes);
        var siloCount = silos + cpuSilos;
        var heartbeatsPerSecond = siloCount / state.MembershipHeartbeatSeconds;
        var activationReadsPerTitle = 1 + segments; // a job and its segments read their state once when activated
        var writesPerSecond = writes / deadlineSeconds;
        var opsPerSecond = writesPerSecond + (activationReadsPerTitle * catalog.Titles / deadlineSeconds)
            + (heartbeatsPerSecond * (1 + state.MembershipReadsPerHeartbeat));
        var memory = state.BaseMemoryBytes + coordinatorBytes + catalogBytes
            + (catalog.Titles * (jobBytes + (segments * state.SegmentStateBytes)))
            + (siloCount * state.MembershipBytesPerSilo);

        // Blob: intermediates written once; views read once by the stitch, depth by renders and seams (StoreCosts);
        // the input downloaded once per silo that works on the title (a blob input is cached per silo, not shared).
        var megapixelFrames = computed * catalog.Megapixels;
        var inputBytes = catalog.InputMegabitsPerSecond * 1e6 / 8 * catalog.MinutesPerTitle * 60;
        var depthBytes = megapixelFrames * store.DepthBytesPerMegapixelFrame;
        var viewsBytes = megapixelFrames * store.ViewsBytesPerMegapixelFrame;
        var outputBytes = frames * catalog.Megapixels * store.OutputBytesPerMegapixelFrame;
        var smallBytes = segments * store.SmallObjectBytesPerSegment;
        // Planning silo, the stitching silo, and every GPU silo that ran one of its segments' phases: placement picks
        // the least loaded silo, so over a title's 2 × segments phases each of G silos is hit with 1 − (1 − 1/G)^(2s).
        var touched = TouchedShare(silos, 2 * segments);
        var inputCopies = 2 + (silos * touched);
        var written = catalog.Titles * (depthBytes + viewsBytes + outputBytes + smallBytes);
        var depthRead = depthBytes * StoreCosts.DepthReadsPerSegment(segmentsPerShot);
        var read = catalog.Titles * (depthRead + viewsBytes + smallBytes + (inputCopies * inputBytes));

        var plan = new CapacityPlan
        {
            Catalog = catalog,
            FramesPerTitle = frames,
            ShotsPerTitle = shots,
            SegmentsPerTitle = segments,
            FramesComputedPerTitle = computed,
            GpuSlotHoursPerTitle = slotSeconds / 3600,
            GpuSlotHoursTotal = totalSlotSeconds / 3600,
            GpuSlots = slots,
            GpuSilos = silos,
            CpuCoreHoursTotal = totalCoreSeconds / 3600,
            CpuSilos = cpuSilos,
            TitlesPerHour = catalog.Titles / catalog.DeadlineHours,
            StateWritesTotal = writes,
            StateWritesPerSecond = writesPerSecond,
            RedisOpsPerSecond = opsPerSecond,
            StateWriteBytesPerSecond = writeBytesPerTitle * catalog.Titles / deadlineSeconds,
            RedisMemoryBytes = memory,
            CoordinatorStateBytes = coordinatorBytes,
            JobStateBytes = jobBytes,
            BlobBytesWrittenTotal = written,
            BlobBytesReadTotal = read,
            BlobWriteBitsPerSecond = written * 8 / deadlineSeconds,
            BlobReadBitsPerSecond = read * 8 / deadlineSeconds,
            BlobInputCopiesPerTitle = inputCopies,
            InputCacheBytesPerGpuSilo = catalog.Titles * touched * inputBytes,
            BlobIntermediatesPeakBytes = Math.Min(catalog.Titles, slots) * (depthBytes + viewsBytes + smallBytes),
            Limits = [],
        };
        return plan with { Limits = DesignLimits.Check(plan, state, store) };
    }

    /// <summary>The share of <paramref name="silos"/> that <paramref name="placements"/> placements spread evenly at random hit at least once.</summary>
    public static double TouchedShare(int silos, long placements) =>
        silos <= 1 ? 1 : 1 - Math.Pow(1 - (1.0 / silos), placements);

    /// <summary>SegmentPlanner's rule: a shot of at most N frames is one segment, a longer one the fewest that overlap by K.</summary>
    public static long SegmentsPerShot(long shotFrames, int segmentFrames, int overlap) =>
        shotFrames <= segmentFrames ? 1 : (long)Math.Ceiling((double)(shotFrames - overlap) / (segmentFrames - overlap));
}
