using SpatialMe.Stereo.Packing;

namespace SpatialMe.Stereo.Tests.Packing;

public sealed class StereoFormatsTests
{
    public static TheoryData<string, StereoFormat> CliNames => new()
    {
        { "full-sbs", StereoFormat.FullSbs },
        { "half-sbs", StereoFormat.HalfSbs },
        { "full-tb", StereoFormat.FullTb },
        { "half-tb", StereoFormat.HalfTb },
        { "cross", StereoFormat.Cross },
        { "anaglyph", StereoFormat.Anaglyph },
        { "anaglyph-half-color", StereoFormat.AnaglyphHalfColor },
        { "anaglyph-gray", StereoFormat.AnaglyphGray },
        { "right", StereoFormat.Right },
        { "disparity", StereoFormat.Disparity },
    };

    [Theory]
    [MemberData(nameof(CliNames))]
    public void Parse_AcceptsEachCliName_AndToCliNameRoundTrips(string name, StereoFormat format)
    {
        Assert.Equal(format, StereoFormats.Parse(name));
        Assert.Equal(name, format.ToCliName());
    }

    [Fact]
    public void CliNames_CoverEveryFormatExactlyOnce()
    {
        var all = Enum.GetValues<StereoFormat>();
        Assert.Equal(all.Length, StereoFormats.CliNames.Count);
        Assert.Equal(all.Select(f => f.ToCliName()), StereoFormats.CliNames);
    }

    [Theory]
    [InlineData("sbs")]
    [InlineData("full_sbs")]
    [InlineData("")]
    [InlineData("anaglyph-dubois")]
    public void Parse_RejectsUnknownNames_ListingTheValidOnes(string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => StereoFormats.Parse(name));

        foreach (var valid in StereoFormats.CliNames)
        {
            Assert.Contains(valid, ex.Message);
        }

        Assert.False(StereoFormats.TryParse(name, out _));
    }
}
