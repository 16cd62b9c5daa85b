using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using Azure.Storage.Blobs;
using SpatialMe.Farm.Jobs;
using SpatialMe.Farm.Storage;
using SpatialMe.Media;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests.Storage;

/// <summary>A film job's inputs and outputs as local paths or blob URIs, against a real blob service (Azurite).</summary>
public sealed class MediaFilesTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task A_blob_input_is_downloaded_once_per_process_however_many_ask_and_is_byte_equal()
    {
        using var work = new TempDirectory();
        var (files, container) = await NewAsync(work.Path);
        var bytes = BlobMediaStoreTests.RandomBytes(5 * MiB, seed: 10);
        var location = await UploadAsync(container, "films/night city.mp4", bytes);

        var downloads = 0;
        string[] paths;
        using (new AzureEventSourceListener(
            (_, message) => BlobMediaStoreTests.CountDownload(ref downloads, message, container.Name, "films/night%20city.mp4"), EventLevel.Informational))
        {
            paths = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => files.LocalInputAsync(location, CancellationToken.None)));
            Assert.Equal(paths[0], await files.LocalInputAsync(location, CancellationToken.None));
        }

        Assert.Equal(1, downloads);
        Assert.Single(paths.Distinct());
        Assert.Equal(Path.Combine(work.Path, "inputs"), Path.GetDirectoryName(paths[0]));
        Assert.Equal(".mp4", Path.GetExtension(paths[0]));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(paths[0]));
    }

    [Fact]
    public async Task The_fingerprint_of_a_blob_changes_with_its_content_and_its_local_copy_follows()
    {
        using var work = new TempDirectory();
        var (files, container) = await NewAsync(work.Path);
        var location = await UploadAsync(container, "film.mov", BlobMediaStoreTests.RandomBytes(1000, seed: 11));

        var before = await files.FingerprintAsync(location, CancellationToken.None);
        Assert.Equal(before, await files.FingerprintAsync(location, CancellationToken.None));
        Assert.StartsWith(location + "|", before, StringComparison.Ordinal);
        Assert.EndsWith("|1000", before, StringComparison.Ordinal);
        var oldCopy = await files.LocalInputAsync(location, CancellationToken.None);

        var changed = BlobMediaStoreTests.RandomBytes(1000, seed: 12);
        await UploadAsync(container, "film.mov", changed);

        Assert.NotEqual(before, await files.FingerprintAsync(location, CancellationToken.None));
        var newCopy = await files.LocalInputAsync(location, CancellationToken.None);
        Assert.NotEqual(oldCopy, newCopy);
        Assert.Equal(changed, await File.ReadAllBytesAsync(newCopy));
    }

    [Fact]
    public async Task A_local_input_is_used_in_place_and_fingerprinted_as_job_ids_always_did()
    {
        using var work = new TempDirectory();
        var files = new MediaFiles(null, work.File("work"));
        var film = work.File("film.mp4");
        await File.WriteAllBytesAsync(film, [1, 2, 3]);

        Assert.Equal(film, await files.LocalInputAsync(film, CancellationToken.None));
        Assert.Equal(JobIds.LocalFingerprint(film), await files.FingerprintAsync(film, CancellationToken.None));
        Assert.StartsWith($"{film}|3|", JobIds.LocalFingerprint(film), StringComparison.Ordinal);
        Assert.Equal(work.File("gone.mp4"), await files.FingerprintAsync(work.File("gone.mp4"), CancellationToken.None));
        Assert.Equal(film, files.LocalOutputPath(film));
        await files.PublishOutputAsync(film, film, overwrite: false, CancellationToken.None); // written in place: nothing to do
        Assert.True(File.Exists(film));
    }

    [Fact]
    public async Task A_missing_input_blob_fails_with_a_media_error_naming_its_uri()
    {
        using var work = new TempDirectory();
        var (files, container) = await NewAsync(work.Path);
        var location = $"{BlobAccount.DisplayOf(container.Uri)}/films/no-such-film.mp4";

        var fingerprint = await Assert.ThrowsAsync<MediaException>(() => files.FingerprintAsync(location, CancellationToken.None));
        var input = await Assert.ThrowsAsync<MediaException>(() => files.LocalInputAsync(location, CancellationToken.None));

        Assert.Equal($"input blob '{location}' does not exist.", fingerprint.Message);
        Assert.Equal($"input blob '{location}' does not exist.", input.Message);
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(9 * MiB)] // several blocks: the condition is checked when the block list is committed
    public async Task Publishing_refuses_an_existing_blob_without_overwrite_and_replaces_it_with_overwrite(int size)
    {
        using var work = new TempDirectory();
        var (files, container) = await NewAsync(work.Path);
        var location = $"{BlobAccount.DisplayOf(container.Uri)}/out/film-sbs.mp4";
        var first = BlobMediaStoreTests.RandomBytes(size, seed: 13);
        var second = BlobMediaStoreTests.RandomBytes(size, seed: 14);

        Assert.False(await files.OutputExistsAsync(location, CancellationToken.None));
        var local = await WriteOutputAsync(files, location, first);
        Assert.Equal(Path.Combine(work.Path, "outputs"), Path.GetDirectoryName(local));
        Assert.Equal(".mp4", Path.GetExtension(local));
        await files.PublishOutputAsync(local, location, overwrite: false, CancellationToken.None);
        Assert.False(File.Exists(local));
        Assert.True(await files.OutputExistsAsync(location, CancellationToken.None));

        var refused = await WriteOutputAsync(files, location, second);
        var e = await Assert.ThrowsAsync<MediaException>(() => files.PublishOutputAsync(refused, location, overwrite: false, CancellationToken.None));
        Assert.Equal($"output '{location}' already exists; pass --overwrite to replace it.", e.Message);
        Assert.False(File.Exists(refused));
        Assert.Equal(first, await DownloadAsync(container, "out/film-sbs.mp4"));

        var replacing = await WriteOutputAsync(files, location, second);
        await files.PublishOutputAsync(replacing, location, overwrite: true, CancellationToken.None);
        Assert.Equal(second, await DownloadAsync(container, "out/film-sbs.mp4"));
    }

    [Fact]
    public async Task A_blob_uri_with_no_blob_storage_configured_fails_with_a_clear_media_error()
    {
        using var work = new TempDirectory();
        var files = new MediaFiles(null, work.Path);
        const string location = "https://films.blob.core.windows.net/titles/film.mp4?sv=2024-01-01&sig=c2VjcmV0";

        var e = await Assert.ThrowsAsync<MediaException>(() => files.LocalInputAsync(location, CancellationToken.None));

        Assert.Equal(
            "'https://films.blob.core.windows.net/titles/film.mp4' is a blob URI but no blob storage is configured (SPATIALME_BLOB, or SPATIALME_BLOB_ACCOUNT_URL for workload identity).",
            e.Message);
        await Assert.ThrowsAsync<MediaException>(() => files.OutputExistsAsync(location, CancellationToken.None));
    }

    [Fact]
    public void Display_strips_a_sas_query_and_leaves_paths_alone()
    {
        Assert.Equal(
            "https://films.blob.core.windows.net/titles/film.mp4",
            MediaFiles.Display("https://films.blob.core.windows.net/titles/film.mp4?sv=2024-01-01&se=2026-12-01&sig=c2VjcmV0"));
        Assert.Equal("http://127.0.0.1:10000/devstoreaccount1/c/film.mp4", MediaFiles.Display("http://127.0.0.1:10000/devstoreaccount1/c/film.mp4"));
        Assert.Equal("/films/what?.mp4", MediaFiles.Display("/films/what?.mp4"));
        Assert.True(MediaFiles.IsBlob("https://films.blob.core.windows.net/titles/film.mp4"));
        Assert.False(MediaFiles.IsBlob("/films/film.mp4"));
        Assert.False(MediaFiles.IsBlob("film.mp4"));
        Assert.False(MediaFiles.IsBlob("ftp://host/film.mp4"));
    }

    [Fact]
    public async Task Errors_name_the_blob_uri_and_the_http_status_but_never_the_account_key()
    {
        using var work = new TempDirectory();
        var (_, container) = await NewAsync(work.Path);
        var location = await UploadAsync(container, "film.mp4", [1, 2, 3]);
        var wrongKey = Convert.ToBase64String(BlobMediaStoreTests.RandomBytes(64, seed: 15));
        var wrong = BlobAccount.FromConnectionString(azurite.ConnectionString.Replace(AzuriteServer.AccountKey, wrongKey, StringComparison.Ordinal));
        var files = new MediaFiles(wrong, work.Path);

        var denied = await Assert.ThrowsAsync<MediaException>(() => files.LocalInputAsync(location + "?sig=c2VjcmV0", CancellationToken.None));
        var garbled = Assert.Throws<ArgumentException>(() => BlobAccount.FromConnectionString($"AccountName=x;AccountKey={AzuriteServer.AccountKey}!;Nonsense"));
        var other = await Assert.ThrowsAsync<MediaException>(
            () => files.LocalInputAsync("http://127.0.0.1:1/otheraccount/c/film.mp4", CancellationToken.None));

        Assert.Contains(location, denied.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP 403", denied.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1/otheraccount/c/film.mp4", other.Message, StringComparison.Ordinal);
        foreach (var e in new Exception[] { denied, garbled, other })
        {
            Assert.DoesNotContain(wrongKey, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(AzuriteServer.AccountKey, e.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("c2VjcmV0", e.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_account_owns_the_blobs_of_its_own_endpoint_and_account_only()
    {
        var account = BlobAccount.FromConnectionString(AzuriteServer.ConnectionStringFor(10123));

        Assert.Equal("http://127.0.0.1:10123/devstoreaccount1", account.Display);
        Assert.True(account.Owns(new Uri("http://127.0.0.1:10123/devstoreaccount1/media/jobs/a.mkv")));
        Assert.True(account.Owns(new Uri("http://127.0.0.1:10123/devstoreaccount1/media")));
        Assert.False(account.Owns(new Uri("http://127.0.0.1:10123/otheraccount/media/a.mkv")));
        Assert.False(account.Owns(new Uri("http://127.0.0.1:10124/devstoreaccount1/media/a.mkv")));
        Assert.False(account.Owns(new Uri("https://127.0.0.1:10123/devstoreaccount1/media/a.mkv")));
        Assert.False(account.Owns(new Uri("http://127.0.0.1:10123/devstoreaccount1")));
        var blob = account.Blob(new Uri("http://127.0.0.1:10123/devstoreaccount1/media/jobs/a%20b.mkv?sv=x&st=not-a-date&sig=x")); // SAS ignored
        Assert.Equal(("media", "jobs/a b.mkv"), (blob.BlobContainerName, blob.Name));
        Assert.Throws<ArgumentException>(() => account.Blob(new Uri("http://127.0.0.1:10123/otheraccount/media/a.mkv")));

        var files = new MediaFiles(account, Path.GetTempPath());
        Assert.True(files.InAccount("http://127.0.0.1:10123/devstoreaccount1/media/a.mkv?sig=x"));
        Assert.False(files.InAccount("http://127.0.0.1:10123/otheraccount/media/a.mkv"));
        Assert.False(files.InAccount("/films/a.mkv"));
        Assert.False(new MediaFiles(null, Path.GetTempPath()).InAccount("http://127.0.0.1:10123/devstoreaccount1/media/a.mkv"));

        var azure = BlobAccount.FromConnectionString($"DefaultEndpointsProtocol=https;AccountName=films;AccountKey={AzuriteServer.AccountKey};EndpointSuffix=core.windows.net");
        Assert.Equal("https://films.blob.core.windows.net", azure.Display);
        Assert.True(azure.Owns(new Uri("https://films.blob.core.windows.net/titles/film.mp4")));
        Assert.False(azure.Owns(new Uri("https://other.blob.core.windows.net/titles/film.mp4")));
    }

    private async Task<(MediaFiles Files, BlobContainerClient Container)> NewAsync(string work)
    {
        var account = BlobAccount.FromConnectionString(azurite.ConnectionString);
        var container = account.Container(AzuriteServer.NewContainerName());
        await container.CreateAsync();
        return (new MediaFiles(account, work), container);
    }

    private static async Task<string> UploadAsync(BlobContainerClient container, string name, byte[] bytes)
    {
        var blob = container.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromBytes(bytes), overwrite: true);
        return BlobAccount.DisplayOf(blob.Uri);
    }

    private static async Task<byte[]> DownloadAsync(BlobContainerClient container, string name) =>
        (await container.GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    private static async Task<string> WriteOutputAsync(MediaFiles files, string location, byte[] bytes)
    {
        var local = files.LocalOutputPath(location);
        await File.WriteAllBytesAsync(local, bytes);
        return local;
    }
}
