namespace RetroGrid.Deploy.Tests;

public sealed class RgctlCommandTableTests
{
    private static readonly RgctlCommandTable Table = RgctlCommandTable.Load(Repository.Path("docs/rgctl.md"));

    [Theory]
    [InlineData("set link NAME")]
    [InlineData("agent list")]
    [InlineData("jobs --agent agt-1")]
    [InlineData("set schedule NAME --proactive-every-hours N --max-concurrent N")]
    [InlineData("set verify NAME --data 100 --data-dir /var/lib/retrogrid")]
    public void Check_DocumentedCommand_IsAccepted(string commandLine) => Assert.Null(Table.Check(commandLine));

    [Theory]
    [InlineData("agents")]
    [InlineData("set relink NAME")]
    [InlineData("set verify NAME --all")]
    [InlineData("jobs --since 1h")]
    public void Check_UnknownCommandOrOption_IsRefused(string commandLine) => Assert.NotNull(Table.Check(commandLine));
}
