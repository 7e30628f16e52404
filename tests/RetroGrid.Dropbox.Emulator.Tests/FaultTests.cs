using System.Net;
using Microsoft.Extensions.Time.Testing;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class FaultTests
{
    private static async Task SetFaultAsync(EmulatorClient client, string route, string fault, int count = 1)
    {
        var response = await client.EmulatorAsync(HttpMethod.Post, "faults",
            $"{{\"seed\":42,\"rules\":[{{\"route\":\"{route}\",\"fault\":\"{fault}\",\"probability\":1.0,\"count\":{count},\"latency_ms\":0}}]}}");
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task TooManyRequests_JsonWithRetryAfter_ThenRuleRemovesItself()
    {
        await using var client = await EmulatorClient.StartAsync();
        await SetFaultAsync(client, "check/user", "too_many_requests");

        var response = await client.RpcAsync("check/user", "{}");
        var error = await client.JsonAsync(response, 429);

        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("""{"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"},"retry_after":1}}""", error.ToJsonString());
        await client.CallAsync("check/user", "{}");
        var faults = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "faults"));
        Assert.Equal("""{"seed":42,"rules":[]}""", faults.ToJsonString());
    }

    [Fact]
    public async Task TooManyWriteOperations_NoRetryAfterInBody_HeaderPresent()
    {
        await using var client = await EmulatorClient.StartAsync();
        await SetFaultAsync(client, "files/upload", "too_many_write_operations");

        var response = await client.ContentAsync("files/upload", "{\"path\":\"/x\"}", TestData.Utf8("x"));
        var error = await client.JsonAsync(response, 429);

        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("""{"error_summary":"too_many_write_operations/..","error":{"reason":{".tag":"too_many_write_operations"}}}""", error.ToJsonString());
    }

    [Theory]
    [InlineData("too_many_requests_text", 429, "text/plain")]
    [InlineData("http_500", 500, "text/plain")]
    [InlineData("http_503", 503, "text/plain")]
    public async Task PlainFaults_StatusAndTextBody(string fault, int status, string mediaType)
    {
        await using var client = await EmulatorClient.StartAsync();
        await SetFaultAsync(client, "*", fault);

        var response = await client.RpcAsync("users/get_space_usage", null);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType!.MediaType);
        await client.CallAsync("users/get_space_usage", null);
    }

    [Fact]
    public async Task ConnectionReset_AbortsBeforeDoingAnything()
    {
        await using var client = await EmulatorClient.StartAsync();
        await SetFaultAsync(client, "files/upload", "connection_reset");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ContentAsync("files/upload", "{\"path\":\"/reset.txt\"}", TestData.Utf8("x")));

        await client.CallAsync("files/get_metadata", "{\"path\":\"/reset.txt\"}", 409);
    }

    [Fact]
    public async Task LostResponse_CommitHappensButConnectionDrops()
    {
        await using var client = await EmulatorClient.StartAsync();
        await SetFaultAsync(client, "files/upload", "lost_response");

        await Assert.ThrowsAsync<HttpRequestException>(() => client.ContentAsync("files/upload", "{\"path\":\"/lost.txt\"}", TestData.Utf8("abc")));

        var metadata = await client.CallAsync("files/get_metadata", "{\"path\":\"/lost.txt\"}");
        Assert.Equal(TestData.AbcHash, metadata["content_hash"]!.GetValue<string>());
        var counters = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "counters"));
        Assert.Equal(1, counters["files/upload"]!.GetValue<long>());
    }

    [Fact]
    public async Task StartOptionFaults_SeededProbabilityAndLatency()
    {
        await using var client = await EmulatorClient.StartAsync(o =>
        {
            o.FaultSeed = 7;
            o.Faults.Add(new FaultRule { Route = "check/user", Fault = "http_503", Probability = 0.0 });
            o.Faults.Add(new FaultRule { Route = "check/user", Fault = "latency", LatencyMs = 1, Count = 2 });
        });

        for (var i = 0; i < 3; i++)
        {
            await client.CallAsync("check/user", "{}");
        }

        var faults = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "faults"));
        Assert.Equal("""{"seed":7,"rules":[{"route":"check/user","fault":"http_503","probability":0,"count":null,"latency_ms":0}]}""", faults.ToJsonString());
        (await client.EmulatorAsync(HttpMethod.Delete, "faults")).EnsureSuccessStatusCode();
        Assert.Equal("[]", (await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "faults")))["rules"]!.ToJsonString());
    }

    [Fact]
    public async Task Faults_UnknownKind_Rejected()
    {
        await using var client = await EmulatorClient.StartAsync();

        var response = await client.EmulatorAsync(HttpMethod.Post, "faults", "{\"rules\":[{\"route\":\"*\",\"fault\":\"explode\"}]}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task WriteLock_OverlappingCommit_Gets429_FinishDataLandsAndRetrySucceeds()
    {
        await using var client = await EmulatorClient.StartAsync();
        var writeLock = client.Host.Services.WriteLock;
        var sessionId = await client.StartSessionAsync(data: TestData.Utf8("ab"));
        Assert.True(writeLock.TryEnter());

        var upload = await client.ContentAsync("files/upload", "{\"path\":\"/w1\"}", TestData.Utf8("x"));
        var finish = await client.FinishAsync(sessionId, 2, "/w2", TestData.Utf8("c"));
        var folder = await client.RpcAsync("files/create_folder_v2", "{\"path\":\"/w3\"}");
        var delete = await client.RpcAsync("files/delete_v2", "{\"path\":\"/w3\"}");

        foreach (var response in new[] { upload, finish, folder, delete })
        {
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
            var error = await client.JsonAsync(response, 429);
            Assert.Equal("""{"error_summary":"too_many_write_operations/..","error":{"reason":{".tag":"too_many_write_operations"}}}""", error.ToJsonString());
        }

        writeLock.Exit();
        var retry = await client.JsonAsync(await client.FinishAsync(sessionId, 3, "/w2"));
        Assert.Equal(TestData.AbcHash, retry["content_hash"]!.GetValue<string>());
    }

    [Fact]
    public async Task WriteLock_TwoSlots_SecondOverlapAllowed()
    {
        await using var client = await EmulatorClient.StartAsync(o => o.WriteConcurrency = 2);
        Assert.True(client.Host.Services.WriteLock.TryEnter());

        await client.UploadAsync("/ok", "x");

        Assert.True(client.Host.Services.WriteLock.TryEnter());
        await client.UploadAsync("/blocked", "x", expectedStatus: 429);
    }

    [Fact]
    public async Task RateLimit_PerTokenPerSecond_TooManyRequestsWithRetryAfter()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var client = await EmulatorClient.StartAsync(o => (o.RequestsPerSecondPerToken, o.TimeProvider) = (2, time));
        await client.CallAsync("check/user", "{}");
        await client.CallAsync("check/user", "{}");

        var response = await client.RpcAsync("check/user", "{}");
        var error = await client.JsonAsync(response, 429);

        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("""{"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"},"retry_after":1}}""", error.ToJsonString());
        time.Advance(TimeSpan.FromSeconds(1));
        await client.CallAsync("check/user", "{}");
    }

    [Fact]
    public async Task Counters_CountEveryCallPerRoute_ResetClears()
    {
        await using var client = await EmulatorClient.StartAsync();
        await client.UploadAsync("/c1", "1");
        await client.UploadAsync("/c2", "2");
        await client.CallAsync("check/user", "{}", 401, token: "bogus");

        var counters = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "counters"));
        (await client.EmulatorAsync(HttpMethod.Post, "counters/reset")).EnsureSuccessStatusCode();
        var cleared = await client.JsonAsync(await client.EmulatorAsync(HttpMethod.Get, "counters"));

        Assert.Equal("""{"check/user":1,"files/upload":2}""", counters.ToJsonString());
        Assert.Equal("{}", cleared.ToJsonString());
        _ = await client.Http.GetStringAsync("__emulator/health", EmulatorClient.Ct).DefaultTimeout();
    }
}
