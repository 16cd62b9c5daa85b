using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace SpatialMe.Farm.Storage;

/// <summary>
/// One Azure Blob Storage account (or an Azurite emulator), from a connection string or from the account's URL and a
/// token credential (workload identity on Kubernetes): the credentials every blob URI
/// of a job is opened with. Job specs carry plain URIs; the secret stays in the silo's settings, so a URI can be
/// logged, stored in grain state and shown by <c>status</c> without leaking anything. Also the shared transfer rules
/// of <see cref="BlobMediaStore"/> and <see cref="MediaFiles"/>, so the two cannot drift.
/// </summary>
public sealed class BlobAccount
{
    /// <summary>
    /// Block size for uploads: a file up to one block goes up in one request, a larger one as staged blocks that
    /// become visible only when the block list is committed — a reader never sees half an object.
    /// </summary>
    internal const int BlockSize = 4 * 1024 * 1024;

    /// <summary>How often a download is tried again when the blob changed between reading its ETag and its content.</summary>
    private const int ChangedRetries = 3;

    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Downloads = new(StringComparer.Ordinal);

    private readonly BlobServiceClient _service;
    private readonly BlobUriBuilder _endpoint;

    private BlobAccount(BlobServiceClient service)
    {
        _service = service;
        Endpoint = new Uri(DisplayOf(service.Uri));
        _endpoint = new BlobUriBuilder(Endpoint);
    }

    /// <summary>The account's blob endpoint without any SAS token (e.g. <c>http://127.0.0.1:10000/devstoreaccount1</c>).</summary>
    public Uri Endpoint { get; }

    /// <summary>The blob endpoint for logs and messages: no key, no SAS token.</summary>
    public string Display => Endpoint.ToString().TrimEnd('/');

    /// <summary>
    /// Opens the account of an Azure or Azurite connection string. Throws <see cref="ArgumentException"/> when it is
    /// not one; the message never repeats the string (it holds the account key), and no inner exception is attached
    /// because the storage client's own messages may.
    /// </summary>
    public static BlobAccount FromConnectionString(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException("The blob storage connection string is empty.", nameof(connectionString));
        }

        BlobServiceClient service;
        try
        {
            service = new BlobServiceClient(connectionString);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or UriFormatException)
        {
            throw new ArgumentException(
                "The blob storage connection string is not valid: expected 'DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…' "
                + "(optionally with BlobEndpoint=…), or 'UseDevelopmentStorage=true'.",
                nameof(connectionString));
        }

        var account = new BlobAccount(service);
        if (!string.IsNullOrEmpty(account._endpoint.BlobContainerName))
        {
            // A path-style endpoint (an emulator's) that the storage client does not read as one would turn the account
            // segment into a container name and every blob name after it into a wrong one.
            throw new ArgumentException(
                $"The blob endpoint '{account.Display}' has a path that the storage client does not read as an account name; "
                + "address an emulator by IP address (e.g. http://127.0.0.1:10000/devstoreaccount1).",
                nameof(connectionString));
        }

        return account;
    }

    /// <summary>
    /// Opens the account at <paramref name="accountUrl"/> (<c>https://&lt;account&gt;.blob.core.windows.net</c>) with a
    /// token credential instead of a key: on Kubernetes the workload identity the pod's service account is federated
    /// with. Throws <see cref="ArgumentException"/> naming the URL when it is not an account's blob endpoint over https
    /// (the storage client sends tokens only over https) or carries a query or a container path.
    /// </summary>
    public static BlobAccount FromAccountUrl(string accountUrl, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        if (!Uri.TryCreate(accountUrl?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException(
                $"The blob account URL '{accountUrl}' is not valid: expected https://<account>.blob.core.windows.net (a token credential is sent over https only).",
                nameof(accountUrl));
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo) || uri.AbsolutePath.Trim('/').Length > 0)
        {
            throw new ArgumentException(
                $"The blob account URL '{DisplayOf(uri)}' must be the account's endpoint alone (https://<account>.blob.core.windows.net), without a container, path or query.",
                nameof(accountUrl));
        }

        return new BlobAccount(new BlobServiceClient(new Uri(uri.GetLeftPart(UriPartial.Authority)), credential));
    }

    /// <summary>
    /// Whether <paramref name="uri"/> names a container or blob of this account: same scheme, host and port, and the
    /// same account name (from the host for Azure, from the first path segment for an emulator).
    /// </summary>
    public bool Owns(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        var parts = Parse(uri);
        return string.Equals(parts.Scheme, _endpoint.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(parts.Host, _endpoint.Host, StringComparison.OrdinalIgnoreCase)
            && parts.Port == _endpoint.Port
            && string.Equals(parts.AccountName, _endpoint.AccountName, StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrEmpty(parts.BlobContainerName);
    }

    /// <summary>
    /// A client for the blob at <paramref name="uri"/>, authenticated with this account's credentials (any SAS token
    /// in the URI is ignored). Throws <see cref="ArgumentException"/> naming the URI where it is not a blob of this account.
    /// </summary>
    public BlobClient Blob(Uri uri)
    {
        var parts = Parts(uri);
        if (string.IsNullOrEmpty(parts.BlobName))
        {
            throw new ArgumentException($"'{DisplayOf(uri)}' names a container, not a blob.", nameof(uri));
        }

        return Container(parts.BlobContainerName).GetBlobClient(parts.BlobName);
    }

    /// <summary>A client for the container named <paramref name="name"/>, with this account's credentials.</summary>
    public BlobContainerClient Container(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return _service.GetBlobContainerClient(name);
    }

    /// <summary>
    /// Container and blob name of a URI of this account (blob name empty for a container URI); throws
    /// <see cref="ArgumentException"/> naming the URI (without its query) where it is not in this account.
    /// </summary>
    internal BlobUriBuilder Parts(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!Owns(uri))
        {
            throw new ArgumentException($"'{DisplayOf(uri)}' is not in the configured storage account ({Display}).", nameof(uri));
        }

        return Parse(uri);
    }

    /// <summary>A URI without query (SAS token), fragment or user information: safe for logs and messages.</summary>
    internal static string DisplayOf(Uri uri) =>
        uri.IsAbsoluteUri ? uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped) : uri.ToString();

    /// <summary>
    /// The parts of a URI, read without its query: any SAS token is ignored (this account's credentials are used), and
    /// the storage client would throw on a malformed one instead of answering whether the URI is ours.
    /// </summary>
    private static BlobUriBuilder Parse(Uri uri) => new(new Uri(DisplayOf(uri)));

    /// <summary>
    /// What went wrong in a storage call, in words that name no secret (the HTTP status and the service's error code),
    /// or null where <paramref name="e"/> is not a storage failure. The client gives up on an unreachable service with
    /// an <see cref="AggregateException"/> of its tries, and reports a refused request as a <see cref="RequestFailedException"/>.
    /// </summary>
    internal static string? Failure(Exception e) => e switch
    {
        RequestFailedException { Status: 0 } => "the storage service could not be reached",
        RequestFailedException r => $"HTTP {r.Status}{(string.IsNullOrEmpty(r.ErrorCode) ? string.Empty : " " + r.ErrorCode)}",
        AggregateException { InnerExceptions: [.., var last] } a when a.InnerExceptions.All(x => x is RequestFailedException) => Failure(last),
        _ => null,
    };

    /// <summary>
    /// Uploads a finished local file as a block blob (blocks of <see cref="BlockSize"/>, four at a time), visible only
    /// once complete; with <paramref name="conditions"/> null it replaces whatever is there, so a retry overwrites.
    /// </summary>
    internal static Task<Response<BlobContentInfo>> UploadAsync(BlobClient blob, string path, BlobRequestConditions? conditions, CancellationToken ct) =>
        blob.UploadAsync(path, new BlobUploadOptions
        {
            Conditions = conditions,
            TransferOptions = new StorageTransferOptions
            {
                InitialTransferSize = BlockSize,
                MaximumTransferSize = BlockSize,
                MaximumConcurrency = 4,
            },
        }, ct);

    /// <summary>
    /// A local copy of <paramref name="blob"/> at <paramref name="pathFor"/>(its current ETag): reused while the ETag is
    /// unchanged, else streamed to a temporary file beside it and renamed into place, so a reader never sees a partial
    /// copy and a crash leaves none. Concurrent calls of this process for one blob download once. Returns null where
    /// the blob does not exist; other storage failures throw <see cref="RequestFailedException"/>.
    /// </summary>
    internal static async Task<string?> LocalCopyAsync(BlobClient blob, Func<ETag, string> pathFor, CancellationToken ct)
    {
        var gate = Downloads.GetOrAdd(DisplayOf(blob.Uri), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                BlobProperties properties;
                try
                {
                    properties = (await blob.GetPropertiesAsync(cancellationToken: ct)).Value;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return null;
                }

                var path = pathFor(properties.ETag);
                if (File.Exists(path))
                {
                    return path;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temp = $"{path}.{Guid.NewGuid():N}.part";
                try
                {
                    // IfMatch: the copy is of exactly the version whose ETag names it, never a mix of two commits.
                    var options = new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } };
                    await blob.DownloadToAsync(temp, options, ct);
                    File.Move(temp, path, overwrite: true);
                    return path;
                }
                catch (RequestFailedException e) when (e.Status is 404)
                {
                    return null;
                }
                catch (RequestFailedException e) when (e.Status is 412 && attempt < ChangedRetries)
                {
                    // Re-committed while we read it: look at the new version.
                }
                finally
                {
                    File.Delete(temp);
                }
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A name fragment from an ETag (letters and digits only), for cached copies keyed by version.</summary>
    internal static string FileSafe(ETag etag) => new(etag.ToString().Where(char.IsAsciiLetterOrDigit).ToArray());
}
