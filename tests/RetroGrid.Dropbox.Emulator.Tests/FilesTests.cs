using System.Net;
using System.Text.Json.Nodes;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class FilesTests
{
    private static async Task<List<JsonNode>> ListAllAsync(EmulatorClient client, string arg)
    {
        var entries = new List<JsonNode>();
        var page = await client.CallAsync("files/list_folder", arg);
        entries.AddRange(page["entries"]!.AsArray()!);
        while (page["has_more"]!.GetValue<bool>())
        {
            page = await client.CallAsync("files/list_folder/continue", $"{{\"cursor\":\"{page["cursor"]}\"}}");
            entries.AddRange(page["entries"]!.AsArray()!);
        }

        return entries;
    }

    private static string[] Paths(IEnumerable<JsonNode> entries) =>
        entries.Select(e => $"{e[".tag"]}:{e["path_lower"]}").Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task Download_Ranges_206ContentRangeAnd416()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/r.txt", "0123456789");

        async Task<HttpResponseMessage> RangeAsync(string range) =>
            await client.ContentAsync("files/download", "{\"path\":\"/r.txt\"}", null, configure: r => r.Headers.TryAddWithoutValidation("Range", range));

        var middle = await RangeAsync("bytes=2-4");
        Assert.Equal(HttpStatusCode.PartialContent, middle.StatusCode);
        Assert.Equal("bytes 2-4/10", middle.Content.Headers.ContentRange!.ToString());
        Assert.Equal("234", await middle.Content.ReadAsStringAsync(EmulatorClient.Ct));
        Assert.Equal(10, JsonNode.Parse(middle.Headers.GetValues("Dropbox-API-Result").Single())!["size"]!.GetValue<long>());
        Assert.Equal("789", await (await RangeAsync("bytes=-3")).Content.ReadAsStringAsync(EmulatorClient.Ct));
        Assert.Equal("89", await (await RangeAsync("bytes=8-")).Content.ReadAsStringAsync(EmulatorClient.Ct));
        var unsatisfiable = await RangeAsync("bytes=10-");
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, unsatisfiable.StatusCode);
        Assert.Equal("bytes */10", unsatisfiable.Content.Headers.ContentRange!.ToString());
    }

    [Fact]
    public async Task Download_GetWithArgAndAuthorizationQuery_Works()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/g.txt", "hello");

        var text = await client.Http.GetStringAsync(
            $"2/files/download?arg={Uri.EscapeDataString("{\"path\":\"/g.txt\"}")}&authorization={Uri.EscapeDataString("Bearer " + EmulatorClient.Token)}",
            EmulatorClient.Ct).DefaultTimeout();

        Assert.Equal("hello", text);
    }

    [Fact]
    public async Task Download_MissingAndFolder_PathLookupErrors()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.CallAsync("files/create_folder_v2", "{\"path\":\"/dir\"}");

        var missing = await client.JsonAsync(await client.ContentAsync("files/download", "{\"path\":\"/none\"}", null), 409);
        var folder = await client.JsonAsync(await client.ContentAsync("files/download", "{\"path\":\"/dir\"}", null), 409);

        Assert.Equal("""{"error_summary":"path/not_found/..","error":{".tag":"path","path":{".tag":"not_found"}}}""", missing.ToJsonString());
        Assert.Equal("path/not_file/..", folder["error_summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListFolder_LimitPaging_RecursiveAndFlat()
    {
        await using var client = await EmulatorClient.StartAsync();
        foreach (var path in new[] { "/d/a", "/d/b", "/d/c", "/d/sub/x", "/d/sub/y", "/other" })
        {
            await client.UploadAsync(path, path);
        }

        var first = await client.CallAsync("files/list_folder", "{\"path\":\"/d\",\"limit\":2,\"recursive\":true}");
        var all = await ListAllAsync(client, "{\"path\":\"/D\",\"limit\":2,\"recursive\":true}");
        var flat = await ListAllAsync(client, "{\"path\":\"/d\"}");

        Assert.Equal(2, first["entries"]!.AsArray().Count);
        Assert.True(first["has_more"]!.GetValue<bool>());
        Assert.Equal(["file:/d/a", "file:/d/b", "file:/d/c", "file:/d/sub/x", "file:/d/sub/y", "folder:/d/sub"], Paths(all));
        Assert.Equal(["file:/d/a", "file:/d/b", "file:/d/c", "folder:/d/sub"], Paths(flat));
    }

    [Fact]
    public async Task ListFolderContinue_LatestCursor_ReportsChangesAndDeletions()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/w/keep", "1");
        await client.UploadAsync("/w/gone", "2");
        var cursor = (await client.CallAsync("files/list_folder", "{\"path\":\"/w\"}"))["cursor"]!.GetValue<string>();

        await client.UploadAsync("/w/new", "3");
        await client.CallAsync("files/delete_v2", "{\"path\":\"/w/gone\"}");
        var changes = await client.CallAsync("files/list_folder/continue", $"{{\"cursor\":\"{cursor}\"}}");
        var quiet = await client.CallAsync("files/list_folder/continue", $"{{\"cursor\":\"{changes["cursor"]}\"}}");

        Assert.Equal(["deleted:/w/gone", "file:/w/new"], Paths(changes["entries"]!.AsArray()!));
        Assert.Empty(quiet["entries"]!.AsArray());
        Assert.False(quiet["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ListFolder_IncludeDeleted_ListsDeletedEntries()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/i/live", "1");
        await client.UploadAsync("/i/dead", "2");
        await client.CallAsync("files/delete_v2", "{\"path\":\"/i/dead\"}");

        var without = await ListAllAsync(client, "{\"path\":\"/i\"}");
        var with = await ListAllAsync(client, "{\"path\":\"/i\",\"include_deleted\":true}");

        Assert.Equal(["file:/i/live"], Paths(without));
        Assert.Equal(["deleted:/i/dead", "file:/i/live"], Paths(with));
    }

    [Fact]
    public async Task ListFolderContinue_BadOrStaleCursor_Reset()
    {
        await using var client = await EmulatorClient.StartAsync();
        var cursor = (await client.CallAsync("files/list_folder", "{\"path\":\"\"}"))["cursor"]!.GetValue<string>();

        var garbage = await client.CallAsync("files/list_folder/continue", "{\"cursor\":\"not-a-cursor\"}", 409);
        (await client.EmulatorAsync(HttpMethod.Post, "reset")).EnsureSuccessStatusCode();
        var stale = await client.CallAsync("files/list_folder/continue", $"{{\"cursor\":\"{cursor}\"}}", 409);

        Assert.Equal("""{"error_summary":"reset/..","error":{".tag":"reset"}}""", garbage.ToJsonString());
        Assert.Equal("reset", stale["error"]![".tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task ListFolder_FileOrMissingOrSlash_PathErrors()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/f", "x");

        Assert.Equal("path/not_folder/..", (await client.CallAsync("files/list_folder", "{\"path\":\"/f\"}", 409))["error_summary"]!.GetValue<string>());
        Assert.Equal("path/not_found/..", (await client.CallAsync("files/list_folder", "{\"path\":\"/nope\"}", 409))["error_summary"]!.GetValue<string>());
        Assert.Equal("path/malformed_path/..", (await client.CallAsync("files/list_folder", "{\"path\":\"/\"}", 409))["error_summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetMetadata_DeletedFile_NotFoundUnlessIncludeDeleted()
    {
        await using var client = await EmulatorClient.StartAsync();
        var id = (await client.UploadAsync("/m.txt", "x"))["id"]!.GetValue<string>();
        Assert.Equal("file", (await client.CallAsync("files/get_metadata", $"{{\"path\":\"{id}\"}}"))[".tag"]!.GetValue<string>());
        await client.CallAsync("files/delete_v2", "{\"path\":\"/m.txt\"}");

        var missing = await client.CallAsync("files/get_metadata", "{\"path\":\"/m.txt\"}", 409);
        var deleted = await client.CallAsync("files/get_metadata", "{\"path\":\"/M.txt\",\"include_deleted\":true}");

        Assert.Equal("""{"error_summary":"path/not_found/..","error":{".tag":"path","path":{".tag":"not_found"}}}""", missing.ToJsonString());
        Assert.Equal("""{".tag":"deleted","name":"m.txt","path_lower":"/m.txt","path_display":"/m.txt"}""", deleted.ToJsonString());
    }

    [Fact]
    public async Task DeleteV2_FolderRecursively_ReturnsTaggedMetadata_MissingIsPathLookup()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/del/a/b.txt", "x");

        var result = await client.CallAsync("files/delete_v2", "{\"path\":\"/Del\"}");
        var again = await client.CallAsync("files/delete_v2", "{\"path\":\"/del\"}", 409);

        Assert.Equal("folder", result["metadata"]![".tag"]!.GetValue<string>());
        Assert.Equal("/del", result["metadata"]!["path_lower"]!.GetValue<string>());
        await client.CallAsync("files/get_metadata", "{\"path\":\"/del/a/b.txt\"}", 409);
        Assert.Equal("""{"error_summary":"path_lookup/not_found/..","error":{".tag":"path_lookup","path_lookup":{".tag":"not_found"}}}""", again.ToJsonString());
    }

    [Fact]
    public async Task DeleteBatch_ReturnsAsyncJob_CheckReportsPerEntryResults()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/b1", "1");

        var launch = await client.CallAsync("files/delete_batch", "{\"entries\":[{\"path\":\"/b1\"},{\"path\":\"/b2\"}]}");
        var status = await client.CallAsync("files/delete_batch/check", $"{{\"async_job_id\":\"{launch["async_job_id"]}\"}}");
        var unknown = await client.CallAsync("files/delete_batch/check", "{\"async_job_id\":\"dbjid:nope\"}", 409);

        Assert.Equal("async_job_id", launch[".tag"]!.GetValue<string>());
        Assert.Equal("complete", status[".tag"]!.GetValue<string>());
        var entries = status["entries"]!.AsArray();
        Assert.Equal("success", entries[0]![".tag"]!.GetValue<string>());
        Assert.Equal("file", entries[0]!["metadata"]![".tag"]!.GetValue<string>());
        Assert.Equal("""{".tag":"failure","failure":{".tag":"path_lookup","path_lookup":{".tag":"not_found"}}}""", entries[1]!.ToJsonString());
        Assert.Equal("invalid_async_job_id", unknown["error"]![".tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateFolderV2_Existing_ConflictFolder_AutorenameNumbers()
    {
        await using var client = await EmulatorClient.StartAsync();
        var created = await client.CallAsync("files/create_folder_v2", "{\"path\":\"/Backups/2024\"}");

        var conflict = await client.CallAsync("files/create_folder_v2", "{\"path\":\"/backups/2024\"}", 409);
        var renamed = await client.CallAsync("files/create_folder_v2", "{\"path\":\"/backups/2024\",\"autorename\":true}");

        Assert.Null(created["metadata"]![".tag"]);
        Assert.Equal("/Backups/2024", created["metadata"]!["path_display"]!.GetValue<string>());
        Assert.Equal("""{"error_summary":"path/conflict/folder/..","error":{".tag":"path","path":{".tag":"conflict","conflict":{".tag":"folder"}}}}""", conflict.ToJsonString());
        Assert.Equal("/Backups/2024 (1)", renamed["metadata"]!["path_display"]!.GetValue<string>());
    }

    [Fact]
    public async Task Revisions_DeletedFileKeepsRevisions_RestoreBringsItBack()
    {
        await using var client = await EmulatorClient.StartAsync();
        var v1 = (await client.UploadAsync("/rev.txt", "version one"))["rev"]!.GetValue<string>();
        var v2 = (await client.UploadAsync("/rev.txt", "version two", ",\"mode\":\"overwrite\""))["rev"]!.GetValue<string>();
        await client.CallAsync("files/delete_v2", "{\"path\":\"/rev.txt\"}");

        var revisions = await client.CallAsync("files/list_revisions", "{\"path\":\"/rev.txt\"}");
        var restored = await client.CallAsync("files/restore", $"{{\"path\":\"/rev.txt\",\"rev\":\"{v1}\"}}");
        var old = await client.ContentAsync("files/download", $"{{\"path\":\"rev:{v2}\"}}", null);
        var badRev = await client.CallAsync("files/restore", "{\"path\":\"/rev.txt\",\"rev\":\"aaaaaaaaaaaa\"}", 409);

        Assert.True(revisions["is_deleted"]!.GetValue<bool>());
        Assert.NotNull(revisions["server_deleted"]);
        Assert.Equal([v2, v1], revisions["entries"]!.AsArray().Select(e => e!["rev"]!.GetValue<string>()));
        Assert.NotEqual(v1, restored["rev"]!.GetValue<string>());
        Assert.Equal("version one", await client.DownloadTextAsync("/rev.txt"));
        Assert.Equal("version two", await old.Content.ReadAsStringAsync(EmulatorClient.Ct));
        Assert.Equal("""{"error_summary":"invalid_revision/..","error":{".tag":"invalid_revision"}}""", badRev.ToJsonString());
        var live = await client.CallAsync("files/list_revisions", "{\"path\":\"/rev.txt\",\"limit\":1}");
        Assert.False(live["is_deleted"]!.GetValue<bool>());
        Assert.Single(live["entries"]!.AsArray());
    }

    [Fact]
    public async Task AccountRoutes_ShapesAndEcho()
    {
        await using var client = await EmulatorClient.StartAsync();

        var account = await client.CallAsync("users/get_current_account", null);
        var echo = await client.CallAsync("check/user", "{\"query\":\"ping\"}");

        Assert.Equal("""{".tag":"basic"}""", account["account_type"]!.ToJsonString());
        Assert.Equal("user", account["root_info"]![".tag"]!.GetValue<string>());
        Assert.Equal("""{"result":"ping"}""", echo.ToJsonString());
    }
}
