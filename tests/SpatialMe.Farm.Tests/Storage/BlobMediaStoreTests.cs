using System.Diagnostics.Tracing;
using Azure.Core.Diagnostics;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using SpatialMe.Farm.Storage;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests.Storage;

/// <summary>The blob media store against a real blob service (Azurite): commit, read, cache and delete semantics.</summary>
public sealed class BlobMediaStoreTests(AzuriteServer azurite) : IClassFixture<AzuriteServer>
{
    private const int MiB = 1024 * 1024;

    [Fact]
    public async Task An_object_is_invisible_until_committed_and_then_round_trips_byte_exact()
    {
        using var work = new TempDirectory();
        var store = await NewStoreAsync(work.Path);
        const string key = "jobs/a/depth/00000.smdepth";
        var bytes = RandomBytes(MiB + 17, seed: 1);
        var scratch = store.NewScratchPath(key);
        await File.WriteAllBytesAsync(scratch, bytes);

        Assert.False(await store.ExistsAsync(key));
        await Assert.ThrowsAsync<FileNotFoundException>(() => store.GetLocalPathAsync(key));

        await store.CommitAsync(scratch, key);

        Assert.True(await store.ExistsAsync(key));
        Assert.False(File.Exists(scratch));
        Assert.Equal(bytes, await File.ReadAllBytesAsync(await store.GetLocalPathAsync(key)));
    }

    [Fact]
    public async Task Committing_the_same_key_twice_leaves_one_blob_with_the_second_content()
    {
        using var work = new TempDirectory();
        var container = await NewContainerAsync();
        var store = new BlobMediaStore(container, work.Path);
        const string key = "jobs/a/views/00003.mkv";
        var first = RandomBytes(5 * MiB, seed: 2);
        var second = RandomBytes(3 * MiB, seed: 3);

        await CommitAsync(store, key, first);
        await CommitAsync(store, key, second); // a retried attempt writes the same key

        var listed = await ListAsync(container, "jobs/");
        Assert.Equal([key], listed);
        Assert.Equal(second, await File.ReadAllBytesAsync(await store.GetLocalPathAsync(key)));
    }

    [Fact]
    public async Task A_file_larger_than_one_block_is_committed_as_several_blocks_and_round_trips()
    {
        using var work = new TempDirectory();
        var container = await NewContainerAsync();
        var store = new BlobMediaStore(container, work.Path);
        const string key = "jobs/a/views/00000.mkv";
        var bytes = RandomBytes(9 * MiB, seed: 4);

        await CommitAsync(store, key, bytes);

        var blocks = (await container.GetBlockBlobClient(key).GetBlockListAsync(BlockListTypes.All)).Value;
        Assert.Equal([4 * MiB, 4 * MiB, MiB], blocks.CommittedBlocks.Select(b => b.SizeLong));
        Assert.Empty(blocks.UncommittedBlocks);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(await store.GetLocalPathAsync(key)));
    }

    [Fact]
    public async Task The_local_copy_is_downloaded_once_reused_while_the_etag_is_unchanged_and_refreshed_after_a_recommit()
    {
        using var work = new TempDirectory();
        var container = await NewContainerAsync();
        var store = new BlobMediaStore(container, work.Path);
        const string key = "jobs/a/views/00001.mkv";
        var first = RandomBytes(2 * MiB, seed: 5);
        await CommitAsync(store, key, first);

        var downloads = 0;
        using (new AzureEventSourceListener((_, message) => CountDownload(ref downloads, message, container.Name, key), EventLevel.Informational))
        {
            var paths = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => store.GetLocalPathAsync(key)));
            Assert.Single(paths.Distinct());
            Assert.Equal(first, await File.ReadAllBytesAsync(paths[0]));
            Assert.Equal(paths[0], await store.GetLocalPathAsync(key));
        }

        Assert.Equal(1, downloads);
        var stale = await store.GetLocalPathAsync(key);

        var second = RandomBytes(2 * MiB, seed: 6);
        await CommitAsync(store, key, second);
        var fresh = await store.GetLocalPathAsync(key);

        Assert.NotEqual(stale, fresh);
        Assert.Equal(second, await File.ReadAllBytesAsync(fresh));
        Assert.Empty(Directory.EnumerateFiles(work.Path, "*.part", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_missing_key_throws_FileNotFoundException_naming_the_key_and_the_container_but_no_secret()
    {
        using var work = new TempDirectory();
        var store = await NewStoreAsync(work.Path);

        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => store.GetLocalPathAsync("jobs/none/views/00000.mkv"));

        Assert.Contains("jobs/none/views/00000.mkv", e.Message, StringComparison.Ordinal);
        Assert.Contains(store.Location, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AccountKey", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletePrefix_removes_only_that_prefix_and_its_cached_copies()
    {
        using var work = new TempDirectory();
        var container = await NewContainerAsync();
        var store = new BlobMediaStore(container, work.Path);
        string[] doomed = ["jobs/a/depth/00000.smdepth", "jobs/a/views/00000.mkv"];
        string[] kept = ["jobs/ab/views/00000.mkv", "jobs/b/views/00000.mkv"];
        foreach (var key in doomed.Concat(kept))
        {
            await CommitAsync(store, key, RandomBytes(1000, seed: key.Length));
            await store.GetLocalPathAsync(key);
        }

        await store.DeletePrefixAsync("jobs/a/");

        Assert.Equal(kept, await ListAsync(container, string.Empty));
        Assert.Equal(kept.Length, Directory.GetFiles(Path.Combine(work.Path, "cache")).Length);
        foreach (var key in kept)
        {
            Assert.True(File.Exists(await store.GetLocalPathAsync(key)));
        }
    }

    [Fact]
    public async Task A_store_at_a_container_uri_with_a_path_keeps_its_keys_under_that_prefix()
    {
        using var work = new TempDirectory();
        var account = BlobAccount.FromConnectionString(azurite.ConnectionString);
        var name = AzuriteServer.NewContainerName();
        var store = BlobMediaStore.At(account, new Uri($"{account.Display}/{name}/farm/media"), work.Path);
        await store.EnsureContainerAsync();
        await store.EnsureContainerAsync(); // a second silo starting finds it there

        await CommitAsync(store, "jobs/a/align/shot-00000.json", [1, 2, 3]);

        Assert.Equal($"{account.Display}/{name}/farm/media", store.Location);
        Assert.Equal(["farm/media/jobs/a/align/shot-00000.json"], await ListAsync(account.Container(name), string.Empty));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ExistsAsync("jobs/../escape.json"));
    }

    private async Task<BlobMediaStore> NewStoreAsync(string work)
    {
        var store = new BlobMediaStore(
            BlobAccount.FromConnectionString(azurite.ConnectionString).Container(AzuriteServer.NewContainerName()), work);
        await store.EnsureContainerAsync();
        return store;
    }

    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = BlobAccount.FromConnectionString(azurite.ConnectionString).Container(AzuriteServer.NewContainerName());
        await container.CreateAsync();
        return container;
    }

    private static async Task CommitAsync(BlobMediaStore store, string key, byte[] bytes)
    {
        var scratch = store.NewScratchPath(key);
        await File.WriteAllBytesAsync(scratch, bytes);
        await store.CommitAsync(scratch, key);
    }

    private static async Task<List<string>> ListAsync(BlobContainerClient container, string prefix)
    {
        var names = new List<string>();
        await foreach (var item in container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }))
        {
            names.Add(item.Name);
        }

        return names;
    }

    /// <summary>
    /// Counts an Azure SDK request log line that is a GET of the blob's content (not a HEAD of its properties). The
    /// log is process-wide: the unique container name keeps other tests' requests out.
    /// </summary>
    internal static void CountDownload(ref int count, string message, string container, string blobName)
    {
        if (message.StartsWith("Request [", StringComparison.Ordinal)
            && message.Contains(" GET ", StringComparison.Ordinal)
            && message.Contains($"/{container}/{blobName}", StringComparison.Ordinal)
            && !message.Contains("comp=", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref count);
        }
    }

    internal static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
