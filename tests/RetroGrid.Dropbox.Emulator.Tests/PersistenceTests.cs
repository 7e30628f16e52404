using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_SameDataDir_KeepsFilesRevisionsSessionsTokensAndCursors()
    {
        using var dataDir = new TempDirectory();
        string rev, sessionId, refreshToken, accessToken, cursor;
        await using (var first = await EmulatorClient.StartAsync(o => (o.DataDir, o.AutoApprove) = (dataDir.Path, true)))
        {
            var login = await OAuthTests.LoginAsync(first);
            (refreshToken, accessToken) = (login["refresh_token"]!.GetValue<string>(), login["access_token"]!.GetValue<string>());
            await first.UploadAsync("/keep/a.txt", "old");
            rev = (await first.UploadAsync("/keep/a.txt", "abc", ",\"mode\":\"overwrite\""))["rev"]!.GetValue<string>();
            cursor = (await first.CallAsync("files/list_folder", "{\"path\":\"/keep\"}"))["cursor"]!.GetValue<string>();
            sessionId = await first.StartSessionAsync(data: TestData.Bytes(TestData.Block + 10));
        }

        await using var second = await EmulatorClient.StartAsync(o => o.DataDir = dataDir.Path);

        var metadata = await second.CallAsync("files/get_metadata", "{\"path\":\"/keep/a.txt\"}", token: accessToken);
        Assert.Equal(rev, metadata["rev"]!.GetValue<string>());
        Assert.Equal("abc", await second.DownloadTextAsync("/keep/a.txt"));
        Assert.Equal(2, (await second.CallAsync("files/list_revisions", "{\"path\":\"/keep/a.txt\"}"))["entries"]!.AsArray().Count);
        await second.UploadAsync("/keep/b.txt", "new");
        var changes = await second.CallAsync("files/list_folder/continue", $"{{\"cursor\":\"{cursor}\"}}");
        Assert.Equal("/keep/b.txt", changes["entries"]![0]!["path_lower"]!.GetValue<string>());
        var wrongOffset = await second.JsonAsync(await second.AppendAsync(sessionId, 0, TestData.Utf8("x")), 409);
        Assert.Equal(TestData.Block + 10, wrongOffset["error"]!["correct_offset"]!.GetValue<long>());
        (await second.AppendAsync(sessionId, TestData.Block + 10, TestData.Utf8("tail"))).EnsureSuccessStatusCode();
        var finished = await second.JsonAsync(await second.FinishAsync(sessionId, TestData.Block + 14, "/keep/big.bin"));
        Assert.Equal(TestData.Block + 14, finished["size"]!.GetValue<long>());
        var refreshed = await second.JsonAsync(await OAuthTests.TokenAsync(second, new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = "retrogrid-dev",
        }));
        Assert.StartsWith("sl.", refreshed["access_token"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_ClearsFilesSessionsAndOAuthTokens()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.AutoApprove = true);
        var login = await OAuthTests.LoginAsync(client);
        await client.UploadAsync("/x", "1");
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("a"));

        (await client.EmulatorAsync(HttpMethod.Post, "reset")).EnsureSuccessStatusCode();

        await client.CallAsync("files/get_metadata", "{\"path\":\"/x\"}", 409);
        await client.CallAsync("check/user", "{}", 401, login["access_token"]!.GetValue<string>());
        Assert.Equal(409, (int)(await client.AppendAsync(sessionId, 1, TestData.Utf8("b"))).StatusCode);
        Assert.Equal("""{"status":"ok"}""", await client.Http.GetStringAsync("__emulator/health", EmulatorClient.Ct).DefaultTimeout());
    }
}
