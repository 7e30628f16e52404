using System.Net;
using System.Text;

namespace RetroGrid.Dropbox.Emulator.Tests;

public sealed class BadInputTests
{
    private static async Task<string> Expect400Async(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(EmulatorClient.Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        return text;
    }

    [Theory]
    [InlineData("{\"path\":", "request body: could not decode input as JSON")]
    [InlineData("{\"path\":42}", "request body: path: expected string, got number")]
    [InlineData("{\"recursive\":true}", "request body: path: missing required field")]
    [InlineData("{\"path\":\"\",\"recursive\":\"yes\"}", "request body: recursive: expected boolean, got string")]
    [InlineData("{\"path\":\"\",\"limit\":0}", "request body: limit: 0 is not within range [1, 2000]")]
    [InlineData("{\"path\":\"pack.zip\"}", "request body: path: 'pack.zip' did not match pattern")]
    [InlineData("[1,2]", "request body: expected object, got list")]
    public async Task Rpc_MalformedArgument_PlainText400(string body, string expected)
    {
        await using var client = await EmulatorClient.StartAsync();

        var text = await Expect400Async(await client.RpcAsync("files/list_folder", body));

        Assert.StartsWith($"Error in call to API function \"files/list_folder\": {expected}", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_GarbageArgHeader_PlainText400()
    {
        await using var client = await EmulatorClient.StartAsync();

        var text = await Expect400Async(await client.ContentAsync("files/upload", "{not json", TestData.Utf8("x")));
        var mode = await Expect400Async(await client.ContentAsync("files/upload", "{\"path\":\"/a\",\"mode\":\"update\"}", TestData.Utf8("x")));

        Assert.Equal("Error in call to API function \"files/upload\": HTTP header \"Dropbox-API-Arg\": could not decode input as JSON", text);
        Assert.Contains("mode", mode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRouteAndWrongMethod_PlainText400()
    {
        await using var client = await EmulatorClient.StartAsync();

        var unknown = await Expect400Async(await client.RpcAsync("files/frobnicate", "{}"));
        var get = await Expect400Async(await client.Http.GetAsync("2/files/list_folder", EmulatorClient.Ct));

        Assert.Equal("Error in call to API function \"files/frobnicate\": Unknown API function: \"files/frobnicate\"", unknown);
        Assert.Contains("GET not allowed", get, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rpc_WrongContentType_PlainText400()
    {
        await using var client = await EmulatorClient.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "2/check/user") { Content = new StringContent("{}", Encoding.UTF8, "application/xml") };
        request.Headers.Authorization = new("Bearer", EmulatorClient.Token);

        var text = await Expect400Async(await client.Http.SendAsync(request, EmulatorClient.Ct));

        Assert.Contains("Bad HTTP \"Content-Type\" header", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("null")]
    public async Task VoidRoute_EmptyOrNullBody_Accepted(string? body)
    {
        await using var client = await EmulatorClient.StartAsync();

        var json = await client.CallAsync("users/get_space_usage", body);

        Assert.Equal(0, json["used"]!.GetValue<long>());
    }

    [Fact]
    public async Task MissingOrUnknownToken_401InvalidAccessToken()
    {
        await using var client = await EmulatorClient.StartAsync();

        var missing = await client.RpcAsync("files/list_folder", "{\"path\":\"\"}", token: null);
        var unknown = await client.CallAsync("files/list_folder", "{\"path\":\"\"}", 401, "sl.unknown");

        Assert.Equal("Bearer realm=\"Dropbox-API\"", missing.Headers.WwwAuthenticate.ToString());
        Assert.Equal("""{"error_summary":"invalid_access_token/..","error":{".tag":"invalid_access_token"}}""", (await client.JsonAsync(missing, 401)).ToJsonString());
        Assert.Equal("invalid_access_token", unknown["error"]![".tag"]!.GetValue<string>());
    }

    [Fact]
    public async Task HugeHeader_RejectedWithoutCrash()
    {
        await using var client = await EmulatorClient.StartAsync();

        var response = await client.ContentAsync("files/upload", "{\"path\":\"/" + new string('a', 400_000) + "\"}", TestData.Utf8("x"));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode.ToString());
        Assert.Equal("""{"status":"ok"}""", await client.Http.GetStringAsync("__emulator/health", EmulatorClient.Ct));
    }

    [Fact]
    public async Task CheckApp_BasicAuth_EchoesAndRejectsBadKey()
    {
        await using var client = await EmulatorClient.StartAsync();

        async Task<HttpResponseMessage> CallAsync(string credentials)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "2/check/app") { Content = new StringContent("{\"query\":\"hi\"}", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
            return await client.Http.SendAsync(request, EmulatorClient.Ct);
        }

        Assert.Equal("""{"result":"hi"}""", (await client.JsonAsync(await CallAsync("retrogrid-dev:secret"))).ToJsonString());
        await client.JsonAsync(await CallAsync("other-app:secret"), 401);
    }
}
