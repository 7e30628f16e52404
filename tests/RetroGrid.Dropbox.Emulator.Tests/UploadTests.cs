using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class UploadTests
{
    [Fact]
    public async Task Upload_NewFile_ReturnsUntaggedFileMetadata()
    {
        await using var client = await EmulatorClient.StartAsync();

        var json = await client.UploadAsync("/Backups/abc.txt", "abc", ",\"client_modified\":\"2024-05-01T12:00:00Z\"");

        Assert.Null(json[".tag"]);
        Assert.Equal("abc.txt", json["name"]!.GetValue<string>());
        Assert.Equal("/backups/abc.txt", json["path_lower"]!.GetValue<string>());
        Assert.Equal("/Backups/abc.txt", json["path_display"]!.GetValue<string>());
        Assert.StartsWith("id:", json["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{9,}$", json["rev"]!.GetValue<string>());
        Assert.Equal(3, json["size"]!.GetValue<long>());
        Assert.Equal(TestData.AbcHash, json["content_hash"]!.GetValue<string>());
        Assert.Equal("2024-05-01T12:00:00Z", json["client_modified"]!.GetValue<string>());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json["server_modified"]!.GetValue<string>());
        Assert.Equal("abc", await client.DownloadTextAsync("/backups/ABC.txt"));
    }

    [Fact]
    public async Task Upload_MissingParents_CreatedImplicitlyWithCasePreserved()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/Docs/Sub/Report.TXT", "1");

        var second = await client.UploadAsync("/DOCS/sub/x.bin", "2");
        var folder = await client.CallAsync("files/get_metadata", "{\"path\":\"/docs/SUB\"}");

        Assert.Equal("/Docs/Sub/x.bin", second["path_display"]!.GetValue<string>());
        Assert.Equal("folder", folder[".tag"]!.GetValue<string>());
        Assert.Equal("/Docs/Sub", folder["path_display"]!.GetValue<string>());
        Assert.Equal("/docs/sub", folder["path_lower"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_AddOverDifferentContent_ConflictWithUploadSessionIdThatFinishCanCommit()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/a.txt", "one");

        var error = await client.UploadAsync("/a.txt", "two!", expectedStatus: 409);

        Assert.Equal("path/conflict/file/..", error["error_summary"]!.GetValue<string>());
        var body = error["error"]!.AsObject();
        Assert.Equal("path", body[".tag"]!.GetValue<string>());
        Assert.Equal("""{".tag":"conflict","conflict":{".tag":"file"}}""", body["reason"]!.ToJsonString());
        var sessionId = body["upload_session_id"]!.GetValue<string>();
        var finished = await client.JsonAsync(await client.FinishAsync(sessionId, 4, "/a.txt", commitExtra: ",\"mode\":\"overwrite\""));
        Assert.Equal(4, finished["size"]!.GetValue<long>());
        Assert.Equal("two!", await client.DownloadTextAsync("/a.txt"));
    }

    [Fact]
    public async Task Upload_IdenticalContent_KeepsRevAndAddsNoRevision()
    {
        await using var client = await EmulatorClient.StartAsync();
        var first = await client.UploadAsync("/same.txt", "abc");

        var second = await client.UploadAsync("/same.txt", "abc");
        var revisions = await client.CallAsync("files/list_revisions", "{\"path\":\"/same.txt\"}");

        Assert.Equal(first["rev"]!.GetValue<string>(), second["rev"]!.GetValue<string>());
        Assert.Single(revisions["entries"]!.AsArray());
    }

    [Fact]
    public async Task Upload_Overwrite_NewRevSameId()
    {
        await using var client = await EmulatorClient.StartAsync();
        var first = await client.UploadAsync("/f.txt", "abc");

        var second = await client.UploadAsync("/f.txt", "abcd", ",\"mode\":\"overwrite\"");

        Assert.NotEqual(first["rev"]!.GetValue<string>(), second["rev"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), second["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_UpdateMode_ReplacesOnlyWhenRevMatches()
    {
        await using var client = await EmulatorClient.StartAsync();
        var rev = (await client.UploadAsync("/u.txt", "v1"))["rev"]!.GetValue<string>();

        var updated = await client.UploadAsync("/u.txt", "v2", $",\"mode\":{{\".tag\":\"update\",\"update\":\"{rev}\"}}");
        var stale = await client.UploadAsync("/u.txt", "v3", $",\"mode\":{{\".tag\":\"update\",\"update\":\"{rev}\"}}", 409);
        var renamed = await client.UploadAsync("/u.txt", "v3", $",\"mode\":{{\".tag\":\"update\",\"update\":\"{rev}\"}},\"autorename\":true");

        Assert.NotEqual(rev, updated["rev"]!.GetValue<string>());
        Assert.Equal("path/conflict/file/..", stale["error_summary"]!.GetValue<string>());
        Assert.Equal("/u (conflicted copy).txt", renamed["path_display"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_StrictConflictWithStaleRev_ConflictEvenForIdenticalContent()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/s.txt", "same");

        var error = await client.UploadAsync("/s.txt", "same", ",\"mode\":{\".tag\":\"update\",\"update\":\"0123456789abc\"},\"strict_conflict\":true", 409);

        Assert.Equal("conflict", error["error"]!["reason"]![".tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_AddWithAutorename_PicksNumberedName()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/Dir/name.txt", "one");
        await client.UploadAsync("/Dir/name (1).txt", "other");

        var json = await client.UploadAsync("/dir/name.txt", "two", ",\"autorename\":true");

        Assert.Equal("/Dir/name (2).txt", json["path_display"]!.GetValue<string>());
        Assert.Equal("one", await client.DownloadTextAsync("/Dir/name.txt"));
    }

    [Theory]
    [InlineData("/folder", "folder")]
    [InlineData("/file.txt/child", "file_ancestor")]
    public async Task Upload_OntoFolderOrUnderFile_Conflict(string path, string kind)
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.CallAsync("files/create_folder_v2", "{\"path\":\"/folder\"}");
        await client.UploadAsync("/file.txt", "x");

        var error = await client.UploadAsync(path, "data", expectedStatus: 409);

        Assert.Equal($"path/conflict/{kind}/..", error["error_summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task Upload_WrongContentHash_ContentHashMismatch()
    {
        await using var client = await EmulatorClient.StartAsync();

        var error = await client.UploadAsync("/h.txt", "abd", $",\"content_hash\":\"{TestData.AbcHash}\"", 409);

        Assert.Equal("""{".tag":"content_hash_mismatch"}""", error["error"]!.ToJsonString());
        await client.CallAsync("files/get_metadata", "{\"path\":\"/h.txt\"}", 409);
    }

    [Fact]
    public async Task Upload_OverQuota_InsufficientSpace_QuotaChangeableAtRunTime()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.QuotaBytes = 5);
        await client.UploadAsync("/q1", "abc");

        var error = await client.UploadAsync("/q2", "abc", expectedStatus: 409);
        Assert.Equal("path/insufficient_space/..", error["error_summary"]!.GetValue<string>());
        Assert.Equal("""{".tag":"insufficient_space"}""", error["error"]!["reason"]!.ToJsonString());
        var usage = await client.CallAsync("users/get_space_usage", "null");
        Assert.Equal("""{"used":3,"allocation":{".tag":"individual","allocated":5}}""", usage.ToJsonString());

        var quota = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Post, "quota", "{\"quota_bytes\":null}"));
        Assert.Equal("""{"quota_bytes":null,"used_bytes":3}""", quota.ToJsonString());
        await client.UploadAsync("/q2", "abc");
    }

    [Fact]
    public async Task Upload_BodyOverPayloadLimit_PayloadTooLarge()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.MaxPayloadBytes = 1024);

        var response = await client.ContentAsync("files/upload", "{\"path\":\"/big\"}", TestData.Bytes(2000));
        var error = await client.JsonAsync(response, 409);

        Assert.Equal("""{".tag":"payload_too_large"}""", error["error"]!.ToJsonString());
    }

    [Fact]
    public async Task Upload_NonAsciiPathInEscapedHeader_ResultHeaderEscaped()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.ContentAsync("files/upload", "{\"path\":\"/K\\u00e4se\\u007f.txt\"}", TestData.Utf8("x"));

        var response = await client.ContentAsync("files/download", "{\"path\":\"/k\\u00c4se\\u007f.txt\"}", null);

        var header = response.Headers.GetValues("Dropbox-API-Result").Single();
        Assert.True(header.All(c => c is >= ' ' and < (char)0x7f), header);
        Assert.Equal("/Käse\u007f.txt", JsonNode.Parse(header)!["path_display"]!.GetValue<string>());
        Assert.Contains(@"\u007F", header, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(new Regex("[^\\x20-\\x7e]"), header);
    }
}
