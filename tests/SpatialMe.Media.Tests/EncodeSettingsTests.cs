namespace SpatialMe.Media.Tests;

public sealed class EncodeSettingsTests
{
    [Fact]
    public void Default_IsX264Crf18MediumYuv420p()
    {
        var settings = EncodeSettings.Default;

        Assert.Equal(("libx264", 18, "medium", "yuv420p"), (settings.Codec, settings.Crf, settings.Preset, settings.PixelFormat));
        settings.Validate();
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(52)]
    public void CrfOutside0To51_IsRejected(int crf) =>
        Assert.Throws<ArgumentException>(() => (EncodeSettings.Default with { Crf = crf }).Validate());

    [Fact]
    public void UnknownX264Preset_IsRejected() =>
        Assert.Throws<ArgumentException>(() => (EncodeSettings.Default with { Preset = "turbo" }).Validate());

    [Fact]
    public void X265Presets_AreAccepted() =>
        (EncodeSettings.Default with { Codec = "libx265", Preset = "slower" }).Validate();

    [Fact]
    public void OtherEncoders_DoNotTakeX264Presets() =>
        (EncodeSettings.Default with { Codec = "ffv1", Preset = "anything" }).Validate();
}
