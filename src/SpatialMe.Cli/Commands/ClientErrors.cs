using SpatialMe.Media;

namespace SpatialMe.Cli.Commands;

/// <summary>
/// How the cluster client commands end on an error, in one place: a bad argument, setting or unknown id is exit 2,
/// an unreachable cluster or unreadable media exit 1, Ctrl-C exit 130 — each with one "error:" line on stderr.
/// </summary>
internal static class ClientErrors
{
    /// <param name="onCancel">What to say on Ctrl-C (e.g. that the job goes on); null: cancellation is not caught.</param>
    public static async Task<int> RunAsync(Func<Task<int>> action, string? onCancel = null)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is ArgumentException or KeyNotFoundException or FormatException)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or MediaException)
        {
            System.Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (onCancel is not null)
        {
            System.Console.Error.WriteLine(onCancel);
            return 130;
        }
    }
}
