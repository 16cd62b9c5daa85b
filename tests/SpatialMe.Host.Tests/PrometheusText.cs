using System.Globalization;
using System.Text;

namespace SpatialMe.Host.Tests;

/// <summary>
/// A strict reader of the Prometheus text exposition format (0.0.4): every line is blank, a <c># HELP</c> or
/// <c># TYPE</c> line, another comment, or a sample <c>name{label="value",...} value [timestamp]</c>. A family's HELP
/// and TYPE come at most once and before its samples; a sample belongs to a typed family (a histogram's
/// <c>_bucket</c>, <c>_sum</c>, <c>_count</c>; a summary's too); its labels are unique and well quoted; its value
/// parses. Anything else throws <see cref="FormatException"/> naming the line.
/// </summary>
public sealed class PrometheusText
{
    private static readonly string[] Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    public Dictionary<string, string> FamilyTypes { get; } = [];

    public Dictionary<string, string> FamilyHelp { get; } = [];

    public List<Sample> Samples { get; } = [];

    public sealed record Sample(string Name, string Family, IReadOnlyDictionary<string, string> Labels, double Value);

    public static PrometheusText Parse(string text)
    {
        var result = new PrometheusText();
        var sampled = new HashSet<string>();
        var seen = new HashSet<string>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            string Where() => $"line {lineNumber} '{line}'";
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                var parts = line.Split(' ', 4);
                if (parts.Length >= 3 && parts[1] is "HELP" or "TYPE")
                {
                    var family = parts[2];
                    RequireName(family, Where);
                    if (sampled.Contains(family))
                    {
                        throw new FormatException($"{Where()}: {parts[1]} after samples of {family}");
                    }

                    var target = parts[1] == "HELP" ? result.FamilyHelp : result.FamilyTypes;
                    if (!target.TryAdd(family, parts.Length > 3 ? parts[3] : string.Empty))
                    {
                        throw new FormatException($"{Where()}: a second {parts[1]} for {family}");
                    }

                    if (parts[1] == "TYPE" && !Types.Contains(target[family]))
                    {
                        throw new FormatException($"{Where()}: unknown type '{target[family]}'");
                    }
                }

                continue;
            }

            var sample = ParseSample(line, Where);
            var owner = result.FamilyOf(sample.Name) ?? throw new FormatException($"{Where()}: sample of no typed family");
            if (!seen.Add(sample.Name + "{" + string.Join(",", sample.Labels.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")) + "}"))
            {
                throw new FormatException($"{Where()}: the same series twice");
            }

            sampled.Add(owner);
            result.Samples.Add(sample with { Family = owner });
        }

        return result;
    }

    /// <summary>The samples named <paramref name="name"/> whose labels include <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    private string? FamilyOf(string sample)
    {
        if (FamilyTypes.ContainsKey(sample))
        {
            return FamilyTypes[sample] is "histogram" ? null : sample;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sample.EndsWith(suffix, StringComparison.Ordinal) && FamilyTypes.TryGetValue(sample[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return suffix == "_bucket" && type != "histogram" ? null : sample[..^suffix.Length];
            }
        }

        return null;
    }

    private static Sample ParseSample(string line, Func<string> where)
    {
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ')
        {
            i++;
        }

        var name = line[..i];
        RequireName(name, where);
        var labels = new Dictionary<string, string>();
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0)
                {
                    throw new FormatException($"{where()}: label without '='");
                }

                var key = line[i..eq];
                RequireName(key, where);
                if (eq + 1 >= line.Length || line[eq + 1] != '"')
                {
                    throw new FormatException($"{where()}: label {key} is not quoted");
                }

                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            _ => throw new FormatException($"{where()}: bad escape in label {key}"),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }

                if (j >= line.Length)
                {
                    throw new FormatException($"{where()}: unterminated label {key}");
                }

                if (!labels.TryAdd(key, value.ToString()))
                {
                    throw new FormatException($"{where()}: label {key} twice");
                }

                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
                else if (line[i] != '}')
                {
                    throw new FormatException($"{where()}: expected ',' or '}}' after label {key}");
                }
            }

            i++;
        }

        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException($"{where()}: no value");
        }

        var rest = line[(i + 1)..].Split(' ');
        if (rest.Length is < 1 or > 2 || !TryValue(rest[0], out var number)
            || (rest.Length == 2 && !long.TryParse(rest[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)))
        {
            throw new FormatException($"{where()}: expected 'value [timestamp]'");
        }

        return new Sample(name, name, labels, number);
    }

    private static bool TryValue(string text, out double value)
    {
        switch (text)
        {
            case "+Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }

    private static void RequireName(string name, Func<string> where)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] is '_' or ':') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':'))
        {
            throw new FormatException($"{where()}: '{name}' is not a metric or label name");
        }
    }
}
