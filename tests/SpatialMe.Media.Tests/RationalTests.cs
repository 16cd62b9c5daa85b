namespace SpatialMe.Media.Tests;

public sealed class RationalTests
{
    [Theory]
    [InlineData("30000/1001", 30000, 1001)]
    [InlineData("25", 25, 1)]
    [InlineData("0/0", 0, 0)]
    public void Parse_ReadsFfprobeFractions(string text, long numerator, long denominator)
    {
        Assert.True(Rational.TryParse(text, out var value));
        Assert.Equal(new Rational(numerator, denominator), value);
    }

    [Fact]
    public void ZeroOverZero_IsNotAPositiveRate() => Assert.False(new Rational(0, 0).IsPositive);

    [Fact]
    public void Garbage_DoesNotParse() => Assert.False(Rational.TryParse("abc", out _));

    [Fact]
    public void Reduce_GivesLowestTerms_AndToStringIsFfmpegForm() => Assert.Equal("15/1", new Rational(15360, 1024).Reduce().ToString());
}
