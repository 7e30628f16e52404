using System.Text.Json;

namespace RetroGrid.Dropbox.Tests;

public class HeaderSafeJsonTests
{
    [Fact]
    public void Serialize_NonAsciiDelAndEmoji_EscapedAsLowerCaseUtf16()
    {
        var json = HeaderSafeJson.Serialize(new DownloadArg("/ü\u007f😀"), DropboxJsonContext.Default.DownloadArg);

        Assert.Equal("{\"path\":\"/\\u00fc\\u007f\\ud83d\\ude00\"}", json);
        Assert.All(json, c => Assert.InRange(c, (char)0x20, (char)0x7E));
    }

    [Fact]
    public void Serialize_EscapedArg_RoundTripsToSamePath()
    {
        const string Path = "/Backups/Größe/日本語/\u007f/😀 file.bin";
        var json = HeaderSafeJson.Serialize(new DownloadArg(Path), DropboxJsonContext.Default.DownloadArg);

        var parsed = JsonSerializer.Deserialize(json, DropboxJsonContext.Default.DownloadArg)!;

        Assert.Equal(Path, parsed.Path);
    }

    [Fact]
    public void Escape_ExistingBackslashesAndQuotes_Preserved()
    {
        var json = HeaderSafeJson.Serialize(new DownloadArg("/a\\b\"c"), DropboxJsonContext.Default.DownloadArg);

        Assert.Equal("/a\\b\"c", JsonSerializer.Deserialize(json, DropboxJsonContext.Default.DownloadArg)!.Path);
    }

    [Fact]
    public void DecodeHeaderValue_RawUtf8ReadAsLatin1_DecodedAgain()
    {
        var latin1 = System.Text.Encoding.Latin1.GetString(System.Text.Encoding.UTF8.GetBytes("{\"name\":\"ü\"}"));

        Assert.Equal("{\"name\":\"ü\"}", HeaderSafeJson.DecodeHeaderValue(latin1));
        Assert.Equal("{\"name\":\"\\u00fc\"}", HeaderSafeJson.DecodeHeaderValue("{\"name\":\"\\u00fc\"}"));
    }

    [Fact]
    public void Serialize_UploadArg_StoneShapes()
    {
        var arg = new UploadArg("/a.bin", DropboxWriteMode.Update("a1c10ce0dd78"), false, new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), true, false, "abc");

        var json = HeaderSafeJson.Serialize(arg, DropboxJsonContext.Default.UploadArg);

        Assert.Equal(
            "{\"path\":\"/a.bin\",\"mode\":{\".tag\":\"update\",\"update\":\"a1c10ce0dd78\"},\"autorename\":false,"
            + "\"client_modified\":\"2024-05-01T12:00:00Z\",\"mute\":true,\"strict_conflict\":false,\"content_hash\":\"abc\"}",
            json);
    }

    [Theory]
    [InlineData("add")]
    [InlineData("overwrite")]
    public void Serialize_VoidWriteMode_BareString(string mode)
    {
        var commit = new DropboxCommitInfo("/x") { Mode = mode == "add" ? DropboxWriteMode.Add : DropboxWriteMode.Overwrite };

        var json = JsonSerializer.Serialize(commit, DropboxJsonContext.Default.DropboxCommitInfo);

        Assert.Contains("\"mode\":\"" + mode + "\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("client_modified", json, StringComparison.Ordinal);
    }
}
