namespace SpatialMe.Farm.Segments;

/// <summary>How a segment's latest attempt of a phase ended (or that it has not).</summary>
[GenerateSerializer]
public enum AttemptOutcome
{
    None = 0,
    Running = 1,
    Succeeded = 2,

    /// <summary>The work threw: counts as a soft fail and against the silo.</summary>
    Failed = 3,

    /// <summary>The silo running it died or restarted: the work is requeued without blame.</summary>
    Lost = 4,

    /// <summary>No silo may take the work (none with a GPU, or all blocklisted).</summary>
    Unplaceable = 5,
}
