namespace RetroGrid.Dropbox.Emulator.Tests;

public class SmokeTests
{
    [Fact]
    public void Passes() => Assert.True(true);
}
