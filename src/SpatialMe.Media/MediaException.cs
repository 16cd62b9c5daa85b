namespace SpatialMe.Media;

/// <summary>
/// A media file could not be read or written. The message always names the file and says what went wrong
/// in plain words, so it can be shown to a user as it is.
/// </summary>
public sealed class MediaException : Exception
{
    public MediaException(string message)
        : base(message)
    {
    }

    public MediaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public MediaException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>The file the failure is about, where one is known.</summary>
    public string? FilePath { get; }
}
