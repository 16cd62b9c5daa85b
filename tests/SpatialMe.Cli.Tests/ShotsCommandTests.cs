using System.Text.Json;
using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary><c>spatialme shots</c> run as a user would: the JSON contract, the table, and bad input.</summary>
public sealed class ShotsCommandTests
{
    private static string Sample => Path.Combine(SharedData.RepositoryRoot, "samples", "city-night.mp4");

    [Fact]
    public void Shots_json_of_the_sample_is_the_contract_two_contiguous_shots_split_at_the_cut()
    {
        var result = CliRunner.Run("shots", Sample, "--json");
        Assert.True(result.ExitCode == 0, result.All);

        using var json = JsonDocument.Parse(result.Stdout);
        var shots = json.RootElement.EnumerateArray().ToList();
        foreach (var shot in shots)
        {
            Assert.Equal(["start", "end", "transition"], shot.EnumerateObject().Select(p => p.Name));
            Assert.Contains(shot.GetProperty("transition").GetString(), new[] { "start", "cut", "dissolve", "fade" });
        }

        Assert.Equal("start", shots[0].GetProperty("transition").GetString());
        Assert.Equal(0, shots[0].GetProperty("start").GetInt32());
        for (var i = 1; i < shots.Count; i++)
        {
            Assert.Equal(shots[i - 1].GetProperty("end").GetInt32(), shots[i].GetProperty("start").GetInt32());
            Assert.NotEqual("start", shots[i].GetProperty("transition").GetString());
        }

        Assert.Equal(100, shots[^1].GetProperty("end").GetInt32());
        Assert.Equal(
            [(0, 66, "start"), (66, 100, "cut")],
            shots.Select(s => (s.GetProperty("start").GetInt32(), s.GetProperty("end").GetInt32(), s.GetProperty("transition").GetString())));
    }

    [Fact]
    public void Shots_without_json_prints_a_table_with_frames_and_seconds()
    {
        var result = CliRunner.Run("shots", Sample);
        Assert.True(result.ExitCode == 0, result.All);

        Assert.Contains("| start | end | frames | duration s | transition |", result.Stdout);
        Assert.Contains("| 0 | 66 | 66 | 2.64 | start |", result.Stdout);
        Assert.Contains("| 66 | 100 | 34 | 1.36 | cut |", result.Stdout);
        Assert.Contains("2 shots in 100 frames", result.Stdout);
    }

    [Fact]
    public void Shots_of_a_missing_file_or_a_file_that_is_no_video_fails_naming_the_file()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("missing.mp4");
        var text = dir.File("notes.mp4");
        File.WriteAllText(text, "not a video");

        foreach (var path in new[] { missing, text })
        {
            var result = CliRunner.Run("shots", path, "--json");

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(path, result.Stderr);
            Assert.Empty(result.Stdout);
        }
    }
}
