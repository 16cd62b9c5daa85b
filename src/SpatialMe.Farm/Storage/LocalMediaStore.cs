namespace SpatialMe.Farm.Storage;

/// <summary>
/// The embedded profile's media store: a folder, keys as relative paths. Scratch files live in <c>.scratch/</c> in
/// the same folder so a commit is a rename on one volume (atomic). Safe for concurrent use by several silos of one
/// machine (the in-process test cluster): every write is a rename of a private file.
/// </summary>
public sealed class LocalMediaStore : IMediaStore
{
    private readonly string _root;
    private readonly string _scratch;

    public LocalMediaStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        _root = Path.GetFullPath(root);
        _scratch = Path.Combine(_root, ".scratch");
        Directory.CreateDirectory(_scratch);
    }

    public string Location => _root;

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        Task.FromResult(File.Exists(PathOf(key)));

    public Task<string> GetLocalPathAsync(string key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        return File.Exists(path)
            ? Task.FromResult(path)
            : throw new FileNotFoundException($"The media store at '{_root}' has nothing committed under '{key}'.", path);
    }

    public string NewScratchPath(string key)
    {
        var name = Path.GetFileName(key);
        return Path.Combine(_scratch, $"{Guid.NewGuid():N}-{name}");
    }

    public Task CommitAsync(string scratchPath, string key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Move(scratchPath, path, overwrite: true);
        return Task.CompletedTask;
    }

    public Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default)
    {
        var path = PathOf(prefix.TrimEnd('/'));
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
        else if (File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Media key '{key}' points outside the store.", nameof(key));
        }

        return path;
    }
}
