using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Emulator.Tests;

/// <summary>
/// A started emulator plus a raw <see cref="HttpClient"/> on a real loopback socket, with helpers that speak
/// Dropbox's three route styles. Every test gets its own instance.
/// </summary>
internal sealed class EmulatorClient : IAsyncDisposable
{
    public const string Token = "legacy-test-token";

    private EmulatorClient(DropboxEmulatorHost host, EmulatorOptions options)
    {
        Host = host;
        Options = options;
        Http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
    }

    public DropboxEmulatorHost Host { get; }

    public EmulatorOptions Options { get; }

    public HttpClient Http { get; }

    /// <summary>The body most recently read by <see cref="JsonAsync"/>, for assertion messages.</summary>
    public string? LastBody { get; private set; }

    public static async Task<EmulatorClient> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var options = new EmulatorOptions();
        options.LegacyTokens.Add(Token);
        configure?.Invoke(options);
        var host = await DropboxEmulatorHost.StartAsync(options, TestContext.Current.CancellationToken).DefaultTimeout();
        return new EmulatorClient(host, options);
    }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public Task<HttpResponseMessage> RpcAsync(string route, string? json, string? token = Token)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        Authorize(request, token);
        return Http.SendAsync(request, Ct).DefaultTimeout();
    }

    public Task<HttpResponseMessage> ContentAsync(string route, string arg, byte[]? body, string? token = Token, Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        request.Headers.TryAddWithoutValidation("Dropbox-API-Arg", arg);
        request.Content = new ByteArrayContent(body ?? []);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        Authorize(request, token);
        configure?.Invoke(request);
        return Http.SendAsync(request, Ct).DefaultTimeout();
    }

    public async Task<JsonNode> JsonAsync(HttpResponseMessage response, int expectedStatus = 200)
    {
        var text = LastBody = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    /// <summary>Posts an RPC call and returns the JSON of a response with the expected status.</summary>
    public async Task<JsonNode> CallAsync(string route, string? json, int expectedStatus = 200, string? token = Token) =>
        await JsonAsync(await RpcAsync(route, json, token), expectedStatus);

    public async Task<JsonNode> UploadAsync(string path, string content, string extraArg = "", int expectedStatus = 200)
    {
        var arg = $"{{\"path\":\"{path}\"{extraArg}}}";
        return await JsonAsync(await ContentAsync("files/upload", arg, Encoding.UTF8.GetBytes(content)), expectedStatus);
    }

    public async Task<string> DownloadTextAsync(string path)
    {
        var response = await ContentAsync("files/download", $"{{\"path\":\"{path}\"}}", null);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    public async Task<string> StartSessionAsync(bool concurrent = false, byte[]? data = null, bool close = false)
    {
        var type = concurrent ? "concurrent" : "sequential";
        var json = await JsonAsync(await ContentAsync("files/upload_session/start",
            $"{{\"close\":{(close ? "true" : "false")},\"session_type\":\"{type}\"}}", data));
        return json["session_id"]!.GetValue<string>();
    }

    public Task<HttpResponseMessage> AppendAsync(string sessionId, long offset, byte[] data, bool close = false, string extra = "") =>
        ContentAsync("files/upload_session/append_v2",
            $"{{\"cursor\":{{\"session_id\":\"{sessionId}\",\"offset\":{offset}}},\"close\":{(close ? "true" : "false")}{extra}}}", data);

    public Task<HttpResponseMessage> FinishAsync(string sessionId, long offset, string path, byte[]? data = null, string commitExtra = "") =>
        ContentAsync("files/upload_session/finish",
            $"{{\"cursor\":{{\"session_id\":\"{sessionId}\",\"offset\":{offset}}},\"commit\":{{\"path\":\"{path}\"{commitExtra}}}}}", data);

    public async Task<HttpResponseMessage> EmulatorAsync(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, "__emulator/" + path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await Http.SendAsync(request, Ct).DefaultTimeout();
    }

    private static void Authorize(HttpRequestMessage request, string? token)
    {
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
