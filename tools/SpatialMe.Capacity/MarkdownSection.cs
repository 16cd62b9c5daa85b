namespace SpatialMe.Capacity;

/// <summary>
/// Replaces what lies between a begin and an end marker of a Markdown document (the markers stay), so a generated
/// section can be refreshed in place: <c>&lt;!-- NAME:begin --&gt;</c> … <c>&lt;!-- NAME:end --&gt;</c> (the plans of docs/kubernetes.md).
/// </summary>
public static class MarkdownSection
{
    public static string Begin(string name) => $"<!-- {name}:begin -->";

    public static string End(string name) => $"<!-- {name}:end -->";

    /// <summary>The document with the section's content replaced; throws <see cref="FormatException"/> naming a missing, repeated or misordered marker.</summary>
    public static string Replace(string document, string name, string content)
    {
        var begin = Begin(name);
        var end = End(name);
        var first = Single(document, begin);
        var last = Single(document, end);
        if (last < first)
        {
            throw new FormatException($"the marker '{end}' comes before '{begin}'.");
        }

        var newline = document.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var body = content.ReplaceLineEndings(newline).TrimEnd('\r', '\n');
        var head = document[..(first + begin.Length)];
        return head + newline + body + newline + document[last..];
    }

    private static int Single(string document, string marker)
    {
        var at = document.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new FormatException($"the marker '{marker}' is missing.");
        }

        if (document.IndexOf(marker, at + marker.Length, StringComparison.Ordinal) >= 0)
        {
            throw new FormatException($"the marker '{marker}' appears more than once.");
        }

        return at;
    }
}
