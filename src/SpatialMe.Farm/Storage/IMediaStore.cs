namespace SpatialMe.Farm.Storage;

/// <summary>
/// Where frames live instead of grain messages: depth, shot alignments and rendered segments, by key. Writes go to a
/// local scratch file first and become visible under their key only through <see cref="CommitAsync"/>, atomically,
/// so a reader never sees half a segment and a retry simply overwrites the same key.
/// </summary>
public interface IMediaStore
{
    /// <summary>Where the store is, for messages (a folder, a container URI).</summary>
    string Location { get; }

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// A local file holding the committed object (the object itself for a local store; a scratch copy otherwise).
    /// Throws <see cref="FileNotFoundException"/> naming the key where nothing is committed there.
    /// </summary>
    Task<string> GetLocalPathAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>A fresh local path, on the same volume as the store where possible, to write an object before commit.</summary>
    string NewScratchPath(string key);

    /// <summary>Makes the finished scratch file the object at <paramref name="key"/> (replacing any), atomically.</summary>
    Task CommitAsync(string scratchPath, string key, CancellationToken cancellationToken = default);

    /// <summary>Deletes every object whose key starts with <paramref name="prefix"/> (a finished job's intermediates).</summary>
    Task DeletePrefixAsync(string prefix, CancellationToken cancellationToken = default);
}
