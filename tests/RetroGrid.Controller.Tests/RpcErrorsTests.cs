using RetroGrid.Controller.Services;

namespace RetroGrid.Controller.Tests;

public sealed class RpcErrorsTests
{
    [Theory]
    [InlineData("Run `rgctl set assign SET AGENT PATH…`.", "Run `rgctl set assign SET AGENT PATH...`.")]
    [InlineData("don’t — “quoted”", "don't - \"quoted\"")]
    [InlineData("naïve\nline", "na?ve?line")]
    public void Ascii_KeepsTrailersValidHttpHeaderValues(string text, string expected) => Assert.Equal(expected, RpcErrors.Ascii(text));
}
