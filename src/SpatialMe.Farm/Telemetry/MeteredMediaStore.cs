using SpatialMe.Farm.Storage;

namespace SpatialMe.Farm.Telemetry;

/// <summary>
/// A media store that counts the bytes it hands to readers and the bytes committed to it
/// (<c>spatialme.media.read</c>, <c>spatialme.media.written</c>), whatever the store behind it.
/// </summary>
public sealed class MeteredMediaStore(IMediaStore inner) : IMediaStore
{
    private readonly string _kind = inner is BlobMediaStore ? "blob" : "local";

    public IMediaStore Inner => inner;

    public string Location => inner.Location;

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public async Task<string> GetLocalPathAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = await inner.GetLocalPathAsync(key, cancellationToken);
        FarmMetrics.MediaRead(_kind, SizeOf(path));
        return path;
    }

    public string NewScratchPath(string key) => inner.NewScratchPath(key);

    public async Task CommitAsync(string scratchPath, string key, CancellationToken cancellationToken = default)
    {
        var bytes = SizeOf(scratchPath); // before the commit moves or uploads it away
        await inner.CommitAsync(scratchPath, key, cancellationToken);
        FarmMetrics.MediaWritten(_kind, bytes);
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default) => inner.DeletePrefixAsync(prefix, cancellationToken);

    private static long SizeOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }
}
