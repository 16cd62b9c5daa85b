using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SpatialMe.Farm.Storage;

/// <summary>
/// The cluster's media store in an Azure Blob container (optionally under a key prefix), so silos on different
/// machines share intermediates without a shared mount. A commit uploads the scratch file as a block blob, which
/// becomes visible only when its block list is committed — a reader never sees half a segment — and a retry of the
/// same key simply replaces it. Reads go through a local cache keyed by the blob's ETag: a silo that reads a segment
/// twice downloads it once, and a re-committed segment is downloaded anew.
/// </summary>
public sealed class BlobMediaStore : IMediaStore
{
    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly string _scratch;
    private readonly string _cache;

    /// <param name="container">The container; its client carries the account's credentials.</param>
    /// <param name="localFolder">This process's work folder: <c>scratch/</c> for writes, <c>cache/</c> for read copies.</param>
    /// <param name="prefix">Prepended to every key (a folder inside the container), or none.</param>
    public BlobMediaStore(BlobContainerClient container, string localFolder, string? prefix = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentException.ThrowIfNullOrEmpty(localFolder);
        _container = container;
        _prefix = string.IsNullOrEmpty(prefix?.Trim('/')) ? string.Empty : prefix.Trim('/') + "/";
        var root = Path.GetFullPath(localFolder);
        _scratch = Path.Combine(root, "scratch");
        _cache = Path.Combine(root, "cache");
        Directory.CreateDirectory(_scratch);
        Directory.CreateDirectory(_cache);
    }

    /// <summary>The container URI (and prefix), without any SAS token.</summary>
    public string Location => BlobAccount.DisplayOf(_container.Uri) + (_prefix.Length > 0 ? "/" + _prefix.TrimEnd('/') : string.Empty);

    /// <summary>
    /// The store at a container URI of <paramref name="account"/>, e.g. <c>https://acct.blob.core.windows.net/media</c>;
    /// a path after the container becomes the key prefix. Throws <see cref="ArgumentException"/> naming the URI where
    /// it is not in the account.
    /// </summary>
    public static BlobMediaStore At(BlobAccount account, Uri location, string localFolder)
    {
        ArgumentNullException.ThrowIfNull(account);
        var parts = account.Parts(location);
        return new BlobMediaStore(account.Container(parts.BlobContainerName), localFolder, parts.BlobName);
    }

    /// <summary>Creates the container where it does not exist yet (a fresh account, a test), so the first commit finds it.</summary>
    public async Task EnsureContainerAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw new IOException($"Could not create the media container '{BlobAccount.DisplayOf(_container.Uri)}': {why}.", e);
        }
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = BlobFor(key);
        try
        {
            return (await blob.ExistsAsync(cancellationToken)).Value;
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw Failed("look up", blob, why, e);
        }
    }

    /// <summary>
    /// A local copy of the object, in <c>cache/</c> under a name made of the blob's hash and ETag. Copies of an older
    /// version stay until <see cref="DeletePrefixAsync"/>: another reader of this process may still be about to open one.
    /// </summary>
    public async Task<string> GetLocalPathAsync(string key, CancellationToken cancellationToken = default)
    {
        var blob = BlobFor(key);
        string? path;
        try
        {
            path = await BlobAccount.LocalCopyAsync(blob, etag => $"{CachePrefix(blob)}{BlobAccount.FileSafe(etag)}", cancellationToken);
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw Failed("download", blob, why, e);
        }

        return path ?? throw new FileNotFoundException(
            $"The media store at '{Location}' has nothing committed under '{key}'.", BlobAccount.DisplayOf(blob.Uri));
    }

    public string NewScratchPath(string key)
    {
        CheckKey(key);
        return Path.Combine(_scratch, $"{Guid.NewGuid():N}-{Path.GetFileName(key)}");
    }

    public async Task CommitAsync(string scratchPath, string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(scratchPath);
        var blob = BlobFor(key);
        try
        {
            await BlobAccount.UploadAsync(blob, scratchPath, conditions: null, cancellationToken);
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw Failed("upload", blob, why, e);
        }

        File.Delete(scratchPath);
    }

    public async Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        try
        {
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = _prefix + prefix }, cancellationToken))
            {
                var blob = _container.GetBlobClient(item.Name);
                await blob.DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
                foreach (var copy in Directory.GetFiles(_cache, Path.GetFileName(CachePrefix(blob)) + "*"))
                {
                    File.Delete(copy);
                }
            }
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw new IOException($"Could not delete '{prefix}' from the media store at '{Location}': {why}.", e);
        }
    }

    /// <summary>Where this process keeps copies of <paramref name="blob"/>: <c>cache/&lt;sha256 of its URI&gt;-</c>, then the ETag.</summary>
    private string CachePrefix(BlobClient blob)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(BlobAccount.DisplayOf(blob.Uri)));
        return Path.Combine(_cache, Convert.ToHexStringLower(hash) + "-");
    }

    private BlobClient BlobFor(string key)
    {
        CheckKey(key);
        return _container.GetBlobClient(_prefix + key);
    }

    /// <summary>
    /// Keys are relative, '/'-separated names. <c>.</c>, <c>..</c> and empty segments are refused: HTTP clients
    /// normalise them out of a URL path, so the blob written would not be the one named.
    /// </summary>
    private static void CheckKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Split('/').Any(segment => segment is "" or "." or "..") || key.Contains('\\', StringComparison.Ordinal))
        {
            throw new ArgumentException($"Media key '{key}' is not a relative '/'-separated name.", nameof(key));
        }
    }

    private IOException Failed(string action, BlobClient blob, string why, Exception e) =>
        new($"The media store at '{Location}' could not {action} '{BlobAccount.DisplayOf(blob.Uri)}': {why}.", e);
}
