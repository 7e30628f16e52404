using RetroGrid.Rgctl;

namespace RetroGrid.Controller.Tests;

/// <summary>rgctl's table renderer: alignment, fitting a terminal by cutting only free text, nothing cut in a pipe.</summary>
public sealed class RgctlTextTableTests
{
    [Fact]
    public void Render_NoWidth_EveryCellWholeAndAligned()
    {
        var table = Sample();

        var lines = table.Render(width: null, unicode: true).ToList();

        Assert.Equal(
            [
                "SNAPSHOT      AGENT          FILES  PATHS",
                "0a1b2c3d4e5f  ws-ada-01          7  /home/ada, /etc",
                "ffee00112233  ws-grace-long   1234  /srv/projects/very/long/path/that/a/terminal/would/cut",
            ],
            lines);
    }

    [Fact]
    public void Render_NarrowTerminal_CutsOnlyTheShrinkableColumn()
    {
        var lines = Sample().Render(width: 60, unicode: true).ToList();

        Assert.All(lines, line => Assert.True(line.Length <= 60, $"{line.Length} columns: {line}"));
        Assert.Equal("ffee00112233  ws-grace-long   1234  /srv/projects/very/long…", lines[2]);
        Assert.Equal("0a1b2c3d4e5f  ws-ada-01          7  /home/ada, /etc", lines[1]);
    }

    [Fact]
    public void Render_AsciiTerminal_CutWithDots()
    {
        var lines = Sample().Render(width: 60, unicode: false).ToList();

        Assert.Equal("ffee00112233  ws-grace-long   1234  /srv/projects/very/lo...", lines[2]);
    }

    [Fact]
    public void Render_TooNarrowForIds_KeepsThemWholeAndLetsTheTerminalWrap()
    {
        var lines = Sample().Render(width: 20, unicode: true).ToList();

        // The shrinkable column stops at 12 characters, so a cut path still says where it is.
        Assert.Equal("ffee00112233  ws-grace-long   1234  /srv/projec…", lines[2]);
        Assert.Equal("0a1b2c3d4e5f  ws-ada-01          7  /home/ada, …", lines[1]);
    }

    [Fact]
    public void Add_WrongCellCount_Refused()
    {
        Assert.Throws<ArgumentException>(() => new TextTable(new("A"), new("B")).Add("only one"));
    }

    private static TextTable Sample() =>
        new TextTable(new("SNAPSHOT"), new("AGENT"), new("FILES", AlignRight: true), new("PATHS", Shrinkable: true))
            .Add("0a1b2c3d4e5f", "ws-ada-01", "7", "/home/ada, /etc")
            .Add("ffee00112233", "ws-grace-long", "1234", "/srv/projects/very/long/path/that/a/terminal/would/cut");
}
