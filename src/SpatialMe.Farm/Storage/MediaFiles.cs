using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SpatialMe.Farm.Jobs;
using SpatialMe.Media;

namespace SpatialMe.Farm.Storage;

/// <summary>
/// A film job's input and output wherever they are: a local path (every silo sees the same file system) or a blob
/// URI in the configured account. ffmpeg reads and writes local files, so a blob input is downloaded once per silo
/// and reused while it is unchanged, and a blob output is written locally and uploaded once complete — never a
/// partial object under the output's name. Failures name the location as the user gave it, without its SAS token,
/// and never the account key.
/// </summary>
/// <param name="account">The blob account inputs and outputs may live in; null where none is configured.</param>
/// <param name="localFolder">This process's work folder: <c>inputs/</c> for copies of blob inputs, <c>outputs/</c> for outputs being written.</param>
public sealed class MediaFiles(BlobAccount? account, string localFolder)
{
    private readonly string _inputs = Path.Combine(Path.GetFullPath(localFolder), "inputs");
    private readonly string _outputs = Path.Combine(Path.GetFullPath(localFolder), "outputs");

    /// <summary>Whether <paramref name="location"/> is a blob URI (absolute http or https) rather than a local path.</summary>
    public static bool IsBlob(string location) =>
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>
    /// Whether <paramref name="location"/> is a blob of the configured account: the operator chose that account, so
    /// its blobs are allowed inputs and outputs whatever the allowed URI schemes say.
    /// </summary>
    public bool InAccount(string location) => account is not null && IsBlob(location) && account.Owns(new Uri(location));

    /// <summary>The location for logs and status: a blob URI without its query (a SAS token is a secret); a path as it is.</summary>
    public static string Display(string location) =>
        IsBlob(location) ? BlobAccount.DisplayOf(new Uri(location)) : location;

    /// <summary>
    /// What a job id hashes for its input (<see cref="JobIds.For(JobSpec, string)"/>): a local file's full path,
    /// size and modification time (the location itself where it is missing); a blob's URI, ETag and length — so
    /// new content under the same name is a new job, and the same content keeps its committed segments.
    /// </summary>
    public async Task<string> FingerprintAsync(string location, CancellationToken cancellationToken)
    {
        if (!IsBlob(location))
        {
            return JobIds.LocalFingerprint(location);
        }

        var blob = BlobOf(location);
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            return $"{Display(location)}|{properties.ETag}|{properties.ContentLength}";
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw Missing(location, e);
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw new MediaException($"could not read input blob '{Display(location)}': {why}.", e);
        }
    }

    /// <summary>
    /// A local file ffmpeg can read: a local path as it is; a blob downloaded into <c>inputs/</c> under a name made of
    /// its URI and ETag, once per process however many segments ask at the same time, and reused while unchanged.
    /// </summary>
    public async Task<string> LocalInputAsync(string location, CancellationToken cancellationToken)
    {
        if (!IsBlob(location))
        {
            return location;
        }

        var blob = BlobOf(location);
        var extension = Path.GetExtension(new BlobUriBuilder(blob.Uri).BlobName);
        string? path;
        try
        {
            path = await BlobAccount.LocalCopyAsync(blob, etag => Path.Combine(_inputs, CopyName(location, etag) + extension), cancellationToken);
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw new MediaException($"could not download input blob '{Display(location)}': {why}.", e);
        }

        return path ?? throw Missing(location, null);
    }

    /// <summary>Whether something is already at the output location (a job refuses to replace it without --overwrite).</summary>
    public async Task<bool> OutputExistsAsync(string location, CancellationToken cancellationToken)
    {
        if (!IsBlob(location))
        {
            return File.Exists(location);
        }

        var blob = BlobOf(location);
        try
        {
            return (await blob.ExistsAsync(cancellationToken)).Value;
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw new MediaException($"could not look up output blob '{Display(location)}': {why}.", e);
        }
    }

    /// <summary>
    /// Where the stitcher writes the output: the location itself for a local path (the stitcher writes atomically
    /// there), a fresh file with the same extension in <c>outputs/</c> for a blob (published by <see cref="PublishOutputAsync"/>).
    /// </summary>
    public string LocalOutputPath(string location)
    {
        if (!IsBlob(location))
        {
            return location;
        }

        Directory.CreateDirectory(_outputs);
        var extension = Path.GetExtension(new Uri(location).AbsolutePath);
        return Path.Combine(_outputs, $"{Guid.NewGuid():N}{extension}");
    }

    /// <summary>
    /// Makes the finished <paramref name="localPath"/> the output: nothing to do for a local output; for a blob, a
    /// block upload that appears only complete. Without <paramref name="overwrite"/> the upload is conditional on no
    /// blob being there, so two racing jobs cannot both replace it; with it, a retry replaces its own earlier upload.
    /// The local file is deleted either way.
    /// </summary>
    public async Task PublishOutputAsync(string localPath, string location, bool overwrite, CancellationToken cancellationToken)
    {
        if (!IsBlob(location))
        {
            return;
        }

        var blob = BlobOf(location);
        try
        {
            var conditions = overwrite ? null : new BlobRequestConditions { IfNoneMatch = ETag.All };
            await BlobAccount.UploadAsync(blob, localPath, conditions, cancellationToken);
        }
        catch (RequestFailedException e) when (!overwrite && (e.Status == 412 || e.ErrorCode == BlobErrorCode.BlobAlreadyExists.ToString()))
        {
            throw new MediaException($"output '{Display(location)}' already exists; pass --overwrite to replace it.", e);
        }
        catch (Exception e) when (BlobAccount.Failure(e) is { } why)
        {
            throw new MediaException($"could not upload output blob '{Display(location)}': {why}.", e);
        }
        finally
        {
            File.Delete(localPath);
        }
    }

    /// <summary>The blob at a location, or a <see cref="MediaException"/> saying why it cannot be opened (no account, another account).</summary>
    private BlobClient BlobOf(string location)
    {
        if (account is null)
        {
            throw new MediaException($"'{Display(location)}' is a blob URI but no blob storage is configured (SPATIALME_BLOB, or SPATIALME_BLOB_ACCOUNT_URL for workload identity).");
        }

        try
        {
            return account.Blob(new Uri(location));
        }
        catch (ArgumentException e)
        {
            throw new MediaException(e.Message, e);
        }
    }

    private static MediaException Missing(string location, Exception? inner) =>
        new(Display(location), $"input blob '{Display(location)}' does not exist.", inner);

    /// <summary>The first 16 hex digits of SHA-256 over URI and ETag: one name per version of one input.</summary>
    private static string CopyName(string location, ETag etag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Display(location)}|{etag}")))[..16];
}
