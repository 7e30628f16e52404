using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Dropbox.Emulator.Storage;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class SessionTests
{
    private static string HashOf(byte[] data)
    {
        using var hasher = new ContentHashAccumulator();
        hasher.Append(data);
        return hasher.GetHash();
    }

    [Fact]
    public async Task Sequential_UnalignedChunks_CommitsExactBytesAndContentHash()
    {
        await using var client = await EmulatorClient.StartAsync();
        var data = TestData.Bytes((2 * TestData.Block) + 1234567);
        var cuts = new[] { 0, (1024 * 1024) + 5, (5 * 1024 * 1024) + 17, data.Length - 100, data.Length };
        var sessionId = await client.StartSessionAsync(data: data[cuts[0]..cuts[1]]);

        (await client.AppendAsync(sessionId, cuts[1], data[cuts[1]..cuts[2]], extra: $",\"content_hash\":\"{HashOf(data[cuts[1]..cuts[2]])}\"")).EnsureSuccessStatusCode();
        (await client.AppendAsync(sessionId, cuts[2], data[cuts[2]..cuts[3]])).EnsureSuccessStatusCode();
        var metadata = await client.JsonAsync(await client.FinishAsync(sessionId, cuts[3], "/big.bin", data[cuts[3]..]));

        Assert.Equal(data.Length, metadata["size"]!.GetValue<long>());
        Assert.Equal(HashOf(data), metadata["content_hash"]!.GetValue<string>());
        var downloaded = await (await client.ContentAsync("files/download", "{\"path\":\"/big.bin\"}", null)).Content.ReadAsByteArrayAsync(EmulatorClient.Ct);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(downloaded));
    }

    [Fact]
    public async Task Append_WrongOffset_IncorrectOffsetFlattened()
    {
        await using var client = await EmulatorClient.StartAsync();
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("abc"));

        var error = await client.JsonAsync(await client.AppendAsync(sessionId, 0, TestData.Utf8("abc")), 409);

        Assert.Equal("""{"error_summary":"incorrect_offset/..","error":{".tag":"incorrect_offset","correct_offset":3}}""", error.ToJsonString());
    }

    [Fact]
    public async Task Finish_WrongOffset_IncorrectOffsetNestedUnderLookupFailed()
    {
        await using var client = await EmulatorClient.StartAsync();
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("abc"));

        var error = await client.JsonAsync(await client.FinishAsync(sessionId, 7, "/x"), 409);

        Assert.Equal(
            """{"error_summary":"lookup_failed/incorrect_offset/..","error":{".tag":"lookup_failed","lookup_failed":{".tag":"incorrect_offset","correct_offset":3}}}""",
            error.ToJsonString());
    }

    [Fact]
    public async Task Finish_CommitFailedAfterDataLanded_RetryWithEmptyBodyAtCorrectOffset()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/taken", "existing");
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("abc"));

        var conflict = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/taken", TestData.Utf8("def")), 409);
        var retry = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/taken", TestData.Utf8("def")), 409);
        var done = await client.JsonAsync(await client.FinishAsync(sessionId, 6, "/taken", null, ",\"mode\":\"overwrite\""));

        Assert.Equal("""{".tag":"path","path":{".tag":"conflict","conflict":{".tag":"file"}}}""", conflict["error"]!.ToJsonString());
        Assert.Equal(6, retry["error"]!["lookup_failed"]!["correct_offset"]!.GetValue<long>());
        Assert.Equal(6, done["size"]!.GetValue<long>());
        Assert.Equal("abcdef", await client.DownloadTextAsync("/taken"));
        var gone = await client.JsonAsync(await client.FinishAsync(sessionId, 6, "/again"), 409);
        Assert.Equal("lookup_failed/not_found/..", gone["error_summary"]!.GetValue<string>());
    }

    [Fact]
    public async Task ClosedSession_RejectsData_EmptyFinishCommits()
    {
        await using var client = await EmulatorClient.StartAsync();
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("ab"));
        (await client.AppendAsync(sessionId, 2, TestData.Utf8("c"), close: true)).EnsureSuccessStatusCode();

        var append = await client.JsonAsync(await client.AppendAsync(sessionId, 3, TestData.Utf8("d")), 409);
        var finishWithData = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/c.txt", TestData.Utf8("d")), 409);
        var finished = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/c.txt"));

        Assert.Equal("""{".tag":"closed"}""", append["error"]!.ToJsonString());
        Assert.Equal("""{".tag":"lookup_failed","lookup_failed":{".tag":"closed"}}""", finishWithData["error"]!.ToJsonString());
        Assert.Equal(TestData.AbcHash, finished["content_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Append_ContentHashMismatch_NothingCounted()
    {
        await using var client = await EmulatorClient.StartAsync();
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("a"));

        var error = await client.JsonAsync(await client.AppendAsync(sessionId, 1, TestData.Utf8("bd"), extra: $",\"content_hash\":\"{HashOf(TestData.Utf8("bc"))}\""), 409);
        (await client.AppendAsync(sessionId, 1, TestData.Utf8("bc"), extra: $",\"content_hash\":\"{HashOf(TestData.Utf8("bc"))}\"")).EnsureSuccessStatusCode();
        var metadata = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/abc"));

        Assert.Equal("""{".tag":"content_hash_mismatch"}""", error["error"]!.ToJsonString());
        Assert.Equal(TestData.AbcHash, metadata["content_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Session_OlderThanSevenDays_NotFound()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var client = await EmulatorClient.StartAsync(o => o.TimeProvider = time);
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("a"));
        time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromSeconds(1));
        (await client.AppendAsync(sessionId, 1, TestData.Utf8("b"))).EnsureSuccessStatusCode();

        time.Advance(TimeSpan.FromSeconds(1));

        var error = await client.JsonAsync(await client.AppendAsync(sessionId, 2, TestData.Utf8("c")), 409);
        Assert.Equal("""{"error_summary":"not_found/..","error":{".tag":"not_found"}}""", error.ToJsonString());
    }

    [Fact]
    public async Task Session_ContinuedWithAnotherTokenOfSameAccount_Works()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.LegacyTokens.Add("second-token"));
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("ab"));

        var response = await client.ContentAsync("files/upload_session/finish",
            $"{{\"cursor\":{{\"session_id\":\"{sessionId}\",\"offset\":2}},\"commit\":{{\"path\":\"/t\"}}}}", TestData.Utf8("c"), "second-token");

        Assert.Equal(TestData.AbcHash, (await client.JsonAsync(response))["content_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task Concurrent_ParallelAlignedChunksThenClose_CommitsWholeFile()
    {
        await using var client = await EmulatorClient.StartAsync();
        var data = TestData.Bytes((2 * TestData.Block) + 777, seed: 7);
        var sessionId = await client.StartSessionAsync(concurrent: true);

        var first = client.AppendAsync(sessionId, TestData.Block, data[TestData.Block..(2 * TestData.Block)]);
        var second = client.AppendAsync(sessionId, 0, data[..TestData.Block]);
        (await first).EnsureSuccessStatusCode();
        (await second).EnsureSuccessStatusCode();
        (await client.AppendAsync(sessionId, 2 * TestData.Block, data[(2 * TestData.Block)..], close: true)).EnsureSuccessStatusCode();
        var metadata = await client.JsonAsync(await client.FinishAsync(sessionId, data.Length, "/c.bin"));

        Assert.Equal(HashOf(data), metadata["content_hash"]!.GetValue<string>());
        var downloaded = await (await client.ContentAsync("files/download", "{\"path\":\"/c.bin\"}", null)).Content.ReadAsByteArrayAsync(EmulatorClient.Ct);
        Assert.Equal(SHA256.HashData(data), SHA256.HashData(downloaded));
    }

    [Fact]
    public async Task Concurrent_RuleViolations_DropboxErrorTags()
    {
        await using var client = await EmulatorClient.StartAsync();
        var sessionId = await client.StartSessionAsync(concurrent: true);

        async Task<string> TagAsync(Task<HttpResponseMessage> call) =>
            (await client.JsonAsync(await call, 409))["error"]![".tag"]!.GetValue<string>();

        Assert.Equal("concurrent_session_invalid_offset", await TagAsync(client.AppendAsync(sessionId, 100, TestData.Bytes(TestData.Block))));
        Assert.Equal("concurrent_session_invalid_data_size", await TagAsync(client.AppendAsync(sessionId, 0, TestData.Bytes(1000))));
        Assert.Equal("concurrent_session_data_not_allowed", await TagAsync(client.ContentAsync(
            "files/upload_session/start", "{\"session_type\":{\".tag\":\"concurrent\"}}", TestData.Bytes(10))));
        Assert.Equal("concurrent_session_close_not_allowed", await TagAsync(client.ContentAsync(
            "files/upload_session/start", "{\"session_type\":\"concurrent\",\"close\":true}", null)));
        Assert.Equal("concurrent_session_not_closed", await TagAsync(client.FinishAsync(sessionId, 0, "/x")));
        (await client.AppendAsync(sessionId, TestData.Block, TestData.Bytes(10), close: true)).EnsureSuccessStatusCode();
        Assert.Equal("concurrent_session_missing_data", await TagAsync(client.FinishAsync(sessionId, TestData.Block + 10, "/x")));
        Assert.Equal("concurrent_session_data_not_allowed", await TagAsync(client.FinishAsync(sessionId, TestData.Block + 10, "/x", TestData.Bytes(3))));
    }

    [Fact]
    public async Task FinishBatchV2_MixedEntries_SuccessFlattenedFailureNested_OneCall()
    {
        await using var client = await EmulatorClient.StartAsync();
        var a = await client.StartSessionAsync(data: TestData.Utf8("abc"), close: true);
        var b = await client.StartSessionAsync(data: TestData.Utf8("xy"), close: true);
        var open = await client.StartSessionAsync(data: TestData.Utf8("z"));
        (await client.EmulatorAsync(HttpMethod.Post, "counters/reset")).EnsureSuccessStatusCode();

        var json = await client.CallAsync("files/upload_session/finish_batch_v2", $$$"""
            {"entries":[
              {"cursor":{"session_id":"{{{a}}}","offset":3},"commit":{"path":"/batch/a.bin"}},
              {"cursor":{"session_id":"{{{b}}}","offset":2},"commit":{"path":"/batch/b.bin","mode":"overwrite"}},
              {"cursor":{"session_id":"{{{open}}}","offset":1},"commit":{"path":"/batch/c.bin"}}]}
            """);

        var entries = json["entries"]!.AsArray();
        Assert.Equal("success", entries[0]![".tag"]!.GetValue<string>());
        Assert.Equal("/batch/a.bin", entries[0]!["path_lower"]!.GetValue<string>());
        Assert.Equal(TestData.AbcHash, entries[0]!["content_hash"]!.GetValue<string>());
        Assert.Equal(2, entries[1]!["size"]!.GetValue<long>());
        Assert.Equal("""{".tag":"failure","failure":{".tag":"lookup_failed","lookup_failed":{".tag":"not_closed"}}}""", entries[2]!.ToJsonString());
        var counters = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "counters"));
        Assert.Equal("""{"files/upload_session/finish_batch_v2":1}""", counters.ToJsonString());
    }

    [Fact]
    public async Task FinishBatchV2_MoreThan1000Entries_BadRequest()
    {
        await using var client = await EmulatorClient.StartAsync();
        var entry = "{\"cursor\":{\"session_id\":\"x\",\"offset\":0},\"commit\":{\"path\":\"/a\"}}";

        var response = await client.RpcAsync("files/upload_session/finish_batch_v2", $"{{\"entries\":[{string.Join(',', Enumerable.Repeat(entry, 1001))}]}}");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.StartsWith("Error in call to API function \"files/upload_session/finish_batch_v2\": request body: entries:",
            await response.Content.ReadAsStringAsync(EmulatorClient.Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendV1_CursorArgument_Appends()
    {
        await using var client = await EmulatorClient.StartAsync();
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("a"));

        var response = await client.ContentAsync("files/upload_session/append", $"{{\"session_id\":\"{sessionId}\",\"offset\":1}}", TestData.Utf8("bc"));
        response.EnsureSuccessStatusCode();
        var metadata = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/v1"));

        Assert.Equal(TestData.AbcHash, metadata["content_hash"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(0, TestData.EmptyHash)]
    [InlineData(1, "bf5d3affb73efd2ec6c36ad3112dd933efed63c4e1cbffcfa88e2759c144f2d8")]
    [InlineData(4194304, "907a506cf5e706bda5c7a29b43c9c65d8344bd2fa2f22339b359c214812af5a1")]
    [InlineData(4194305, "5f858b62ccd88447586305aec6fd53c96747cfebf527cbba129a6dfed47d9624")]
    public void ContentHash_ReferenceVectors(int length, string expected)
    {
        var data = Enumerable.Repeat((byte)'a', length).ToArray();
        using var hasher = new ContentHashAccumulator();

        hasher.Append(data.AsSpan(0, Math.Min(3, length)));
        hasher.Append(data.AsSpan(Math.Min(3, length)));

        Assert.Equal(expected, hasher.GetHash());
    }

    [Fact]
    public async Task Session_Unknown_NotFoundWithoutCrash()
    {
        await using var client = await EmulatorClient.StartAsync();

        var error = await client.JsonAsync(await client.AppendAsync("pid_upload_session:nope", 0, TestData.Utf8("x")), 409);

        Assert.Equal("not_found", error["error"]![".tag"]!.GetValue<string>());
        _ = JsonNode.Parse((await client.EmulatorAsync(HttpMethod.Get, "health").DefaultTimeout()).Content.ReadAsStream(EmulatorClient.Ct));
    }
}
