namespace SpatialMe.Capacity.Planning;

/// <summary>
/// What the media store (Azure Blob in a cluster) holds and moves per frame. Defaults measured on 2026-11-26 with
/// <c>tools/measure-farm-io.sh 1280 720 24 4</c> (the sample clip at 1280×720, 100 frames, 2 shots, 6 segments, 116
/// frames computed with the overlaps; full-sbs, libx264 crf 18 medium; Debian 12 VM, 2 cores, AMD EPYC): the sizes of
/// the intermediates the job kept, per computed frame, over the frame's megapixels. The read side was checked against
/// the silos' <c>spatialme.media.read</c> counters (473 MB read; the model below gives 468 MB).
/// </summary>
public sealed record StoreCosts
{
    /// <summary>Depth (16-bit, Brotli; <c>depth/N.smdepth</c>): 107,176,948 bytes / 116 frames / 0.9216 MP.</summary>
    public double DepthBytesPerMegapixelFrame { get; init; } = 1_002_538;

    /// <summary>Rendered right views (FFV1, lossless; <c>views/N.mkv</c>): 74,751,184 bytes / 116 frames / 0.9216 MP.</summary>
    public double ViewsBytesPerMegapixelFrame { get; init; } = 699_226;

    /// <summary>
    /// The output (full-sbs, libx264 crf 18 medium): 4,989,649 bytes / 100 frames / 0.9216 MP. Depends on the content
    /// and the encoder settings far more than the rest; a film grain master can take several times this.
    /// </summary>
    public double OutputBytesPerMegapixelFrame { get; init; } = 54_141;

    /// <summary>Depth ranges, disparity statistics and shot alignments (JSON): 14,108 bytes / 6 segments.</summary>
    public double SmallObjectBytesPerSegment { get; init; } = 2_351;

    /// <summary>
    /// The storage account's ingress (writes) it may use, bits/s. Default: 25 Gbps, Azure's default maximum ingress of
    /// a general-purpose v2 account outside the regions with higher limits ("Scalability and performance targets for
    /// standard storage accounts", learn.microsoft.com).
    /// </summary>
    public double AccountIngressBitsPerSecond { get; init; } = 25e9;

    /// <summary>The account's egress (reads), bits/s. Default: 50 Gbps, the same page's default for those regions.</summary>
    public double AccountEgressBitsPerSecond { get; init; } = 50e9;

    /// <summary>
    /// Local disk a GPU silo may fill with copies of blob inputs (its scratch emptyDir). An input, not a measurement:
    /// default 200 GB.
    /// </summary>
    public double ScratchBudgetBytes { get; init; } = 200e9;

    /// <summary>
    /// Depth files read per segment for a shot cut into <paramref name="segmentsPerShot"/> segments: a segment's
    /// render reads its own depth and its neighbours' (to cross-fade the overlaps), and the shot aligner reads both
    /// sides of every seam — 5c − 4 reads for c segments (c = 1: one).
    /// </summary>
    public static double DepthReadsPerSegment(long segmentsPerShot) => ((5.0 * segmentsPerShot) - 4) / segmentsPerShot;

    public void Validate()
    {
        CatalogSpec.Require(DepthBytesPerMegapixelFrame >= 0, $"depth bytes must not be negative, got {DepthBytesPerMegapixelFrame}.");
        CatalogSpec.Require(ViewsBytesPerMegapixelFrame >= 0, $"views bytes must not be negative, got {ViewsBytesPerMegapixelFrame}.");
        CatalogSpec.Require(OutputBytesPerMegapixelFrame >= 0, $"output bytes must not be negative, got {OutputBytesPerMegapixelFrame}.");
        CatalogSpec.Require(SmallObjectBytesPerSegment >= 0, $"small-object bytes must not be negative, got {SmallObjectBytesPerSegment}.");
        CatalogSpec.Require(AccountIngressBitsPerSecond > 0, $"account ingress must be positive, got {AccountIngressBitsPerSecond}.");
        CatalogSpec.Require(ScratchBudgetBytes > 0, $"scratch budget must be positive, got {ScratchBudgetBytes}.");
        CatalogSpec.Require(AccountEgressBitsPerSecond > 0, $"account egress must be positive, got {AccountEgressBitsPerSecond}.");
    }
}
