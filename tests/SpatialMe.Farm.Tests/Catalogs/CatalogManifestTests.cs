using SpatialMe.Farm.Catalogs;
using SpatialMe.Testing;

namespace SpatialMe.Farm.Tests.Catalogs;

public sealed class CatalogManifestTests
{
    [Fact]
    public void A_csv_manifest_yields_its_good_titles_and_names_every_bad_row_by_line_and_reason()
    {
        using var dir = new TempDirectory();
        var root = dir.File("films");
        var manifest = dir.File("catalog.csv");
        File.WriteAllText(manifest, string.Join('\n',
            "id,input,output,format,priority,divergence",
            $"t1,{root}/a.mp4,{root}/out/a.mp4,full-sbs,5,2.5",
            $"t2,\"{root}/b, the sequel.mp4\",{root}/out/b.mp4,half-sbs,,",
            $"t1,{root}/c.mp4,{root}/out/c.mp4,full-sbs,0,",
            $",{root}/d.mp4,{root}/out/d.mp4,,,",
            $"t5,{root}/../etc/passwd,{root}/out/e.mp4,,,",
            $"t6,ftp://host/f.mp4,{root}/out/f.mp4,,,",
            $"t7,{root}/g.mp4,{root}/out/g.mp4,cinema,high,",
            $"t8,{root}/h.mp4,{root}/out/h.mp4,full-sbs,1",
            $"t9,relative.mp4,{root}/out/i.mp4,,,40"));

        var (titles, errors) = CatalogManifest.Parse(manifest, new MediaLocations([root]));

        Assert.Equal(["t1", "t2"], titles.Select(t => t.Id));
        Assert.Equal(5, titles[0].Spec.Priority);
        Assert.Equal(2.5, titles[0].Spec.Divergence);
        Assert.Equal($"{root}/b, the sequel.mp4", titles[1].Spec.Input);
        Assert.Equal("half-sbs", titles[1].Spec.Format);
        Assert.Collection(
            errors,
            e => Assert.Equal((4, "id 't1' is already used on line 2"), (e.Line, e.Reason)),
            e => Assert.True(e.Line == 5 && e.Reason.Contains("id is missing"), e.ToString()),
            e => Assert.True(e.Line == 6 && e.Reason.Contains("outside the allowed folders"), e.ToString()),
            e => Assert.True(e.Line == 7 && e.Reason.Contains("scheme 'ftp'"), e.ToString()),
            e => Assert.True(e.Line == 8 && e.Reason.Contains("priority must be a whole number, got 'high'"), e.ToString()),
            e => Assert.True(e.Line == 9 && e.Reason.Contains("has 5 fields but the header has 6"), e.ToString()),
            e => Assert.True(e.Line == 10 && e.Reason.Contains("relative path"), e.ToString()));
    }

    [Fact]
    public void A_json_manifest_reports_bad_titles_at_their_lines_and_unknown_fields_are_errors()
    {
        using var dir = new TempDirectory();
        var root = dir.File("films");
        var manifest = dir.File("catalog.json");
        File.WriteAllText(manifest, $$"""
            [
              { "id": "ok", "input": "{{root}}/a.mp4", "output": "{{root}}/o/a.mp4", "priority": 3, "segment-frames": 120, "overlap": 8 },
              { "id": "typo", "input": "{{root}}/b.mp4", "output": "{{root}}/o/b.mp4", "divergense": 3 },
              { "id": "bad-format", "input": "{{root}}/c.mp4", "output": "{{root}}/o/c.mp4", "format": "cinema" },
              { "id": "blob", "input": "https://account.blob.core.windows.net/films/d.mp4", "output": "{{root}}/o/d.mp4" },
              { "id": "sas", "input": "https://account.blob.core.windows.net/films/e.mp4?sv=2024&sig=SECRET", "output": "{{root}}/o/e.mp4" }
            ]
            """);

        var (titles, errors) = CatalogManifest.Parse(manifest, new MediaLocations([root], ["https"]));

        Assert.Equal(["ok", "blob"], titles.Select(t => t.Id));
        Assert.Equal((3, 120, 8), (titles[0].Spec.Priority, titles[0].Spec.SegmentFrames, titles[0].Spec.Overlap));
        Assert.Collection(
            errors,
            e => Assert.True(e.Line == 3 && e.Reason.Contains("unknown column 'divergense'"), e.ToString()),
            e => Assert.True(e.Line == 4 && e.Reason.Contains("cinema"), e.ToString()),
            e => Assert.True(e.Line == 6 && e.Reason.Contains("query string") && !e.Reason.Contains("SECRET"), e.ToString()));
    }

    [Fact]
    public void A_manifest_that_is_not_json_is_one_clear_error()
    {
        using var dir = new TempDirectory();
        var manifest = dir.File("catalog.json");
        File.WriteAllText(manifest, "[ { \"id\": \"a\", ");

        var (titles, errors) = CatalogManifest.Parse(manifest, new MediaLocations([dir.Path]));

        Assert.Empty(titles);
        Assert.Contains("not valid JSON", Assert.Single(errors).Reason);
    }
}
