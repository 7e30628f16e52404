using System.Runtime.CompilerServices;

namespace RetroGrid.Dropbox.Tests;

public class RetroGridErrorCodesTests
{
    [Fact]
    public void All_Codes_UniqueInDropboxRangeWithText()
    {
        Assert.Equal(RetroGridErrorCodes.All.Count, RetroGridErrorCodes.All.Select(c => c.Code).Distinct().Count());
        Assert.Equal(RetroGridErrorCodes.All.Count, RetroGridErrorCodes.All.Select(c => c.Name).Distinct().Count());
        Assert.All(RetroGridErrorCodes.All, c =>
        {
            Assert.Matches("^RG1[0-9]{3}$", c.Code);
            Assert.False(string.IsNullOrWhiteSpace(c.Message));
            Assert.False(string.IsNullOrWhiteSpace(c.NextStep));
        });
    }

    [Fact]
    public void All_Codes_DocumentedInErrorsMd()
    {
        var docs = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "errors.md"));

        Assert.All(RetroGridErrorCodes.All, c =>
        {
            Assert.Contains("`" + c.Code + "`", docs, StringComparison.Ordinal);
            Assert.Contains(c.Name, docs, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Find_KnownAndUnknown()
    {
        Assert.Same(RetroGridErrorCodes.InsufficientSpace, RetroGridErrorCodes.Find("RG1005"));
        Assert.Null(RetroGridErrorCodes.Find("RG9999"));
    }

    private static string RepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", "..", ".."));
}
