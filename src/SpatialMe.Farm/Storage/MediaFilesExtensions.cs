using SpatialMe.Media;

namespace SpatialMe.Farm.Storage;

/// <summary>Running compute on a job's input wherever it lives.</summary>
public static class MediaFilesExtensions
{
    /// <summary>
    /// Runs <paramref name="run"/> on a local copy of the input at <paramref name="location"/>; a media error names the
    /// input as the user gave it (the blob URI), not this silo's cached copy.
    /// </summary>
    public static async Task<T> WithInputAsync<T>(this MediaFiles files, string location, Func<string, Task<T>> run, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(run);
        var local = await files.LocalInputAsync(location, ct);
        try
        {
            return await run(local);
        }
        catch (MediaException e) when (!string.Equals(local, location, StringComparison.Ordinal))
        {
            throw new MediaException(e.Message.Replace(local, MediaFiles.Display(location), StringComparison.Ordinal), e);
        }
    }

    /// <inheritdoc cref="WithInputAsync{T}"/>
    public static Task WithInputAsync(this MediaFiles files, string location, Func<string, Task> run, CancellationToken ct) =>
        files.WithInputAsync(location, async input =>
        {
            await run(input);
            return true;
        }, ct);
}
