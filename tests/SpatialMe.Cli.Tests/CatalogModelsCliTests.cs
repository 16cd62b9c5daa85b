using SpatialMe.Testing;

namespace SpatialMe.Cli.Tests;

/// <summary><c>catalog submit</c>'s model options: defaults for rows without model columns, checked as <c>submit</c> checks them.</summary>
public sealed class CatalogModelsCliTests
{
    [Fact]
    public void Catalog_submit_checks_its_model_defaults_before_any_row_and_reports_bad_model_rows_by_line()
    {
        using var dir = new TempDirectory();
        var refiner = TestModels.Refiner(dir.Path);
        var manifest = dir.File("spring.csv");
        File.WriteAllLines(manifest,
        [
            "id,input,output,refiner",
            $"default,{dir.File("a.mp4")},{dir.File("o-a.mp4")},",
            $"rules,{dir.File("b.mp4")},{dir.File("o-b.mp4")},none",
            $"missing,{dir.File("c.mp4")},{dir.File("o-c.mp4")},{dir.File("no-such-row-refiner.bin")}",
        ]);

        var badDefault = CliRunner.Run("catalog", "submit", manifest, "--check", "--refiner", dir.File("no-such-refiner.bin"));
        Assert.True(badDefault.ExitCode == 2, badDefault.All);
        Assert.Contains("no-such-refiner.bin", badDefault.Stderr);

        var check = CliRunner.Run("catalog", "submit", manifest, "--check", "--refiner", refiner);
        Assert.True(check.ExitCode == 2, check.All); // 2: a bad row
        Assert.Contains("spring.csv: line 4: refiner '", check.Stderr);
        Assert.Contains("no-such-row-refiner.bin' does not exist", check.Stderr);
        Assert.Contains("2 valid title(s), 1 bad row(s).", check.Stderr);
    }
}
