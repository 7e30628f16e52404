using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RetroGrid.Dropbox.Emulator;

namespace RetroGrid.Dropbox.Tests;

/// <summary>An emulator on a real loopback port plus clients pointed at it (all three Dropbox hosts = its base address).</summary>
public sealed class EmulatedDropbox : IAsyncDisposable
{
    public const string LegacyToken = "legacy-integration-token";
    private readonly List<HttpClient> _clients = [];

    private EmulatedDropbox(DropboxEmulatorHost host, TimeProvider clientTime)
    {
        Host = host;
        ClientTime = clientTime;
        Admin = Track(new HttpClient { BaseAddress = host.BaseAddress });
    }

    public DropboxEmulatorHost Host { get; }

    /// <summary>A plain HTTP client for /__emulator/ endpoints.</summary>
    public HttpClient Admin { get; }

    public TimeProvider ClientTime { get; }

    /// <summary>Delays the client asked for, when it runs on the default <see cref="InstantDelayTimeProvider"/>.</summary>
    public IReadOnlyCollection<TimeSpan> ClientDelays => (ClientTime as InstantDelayTimeProvider)?.Delays ?? [];

    public static async Task<EmulatedDropbox> StartAsync(
        Action<EmulatorOptions>? configure, CancellationToken cancellationToken, TimeProvider? clientTime = null)
    {
        var options = new EmulatorOptions { AutoApprove = true };
        options.LegacyTokens.Add(LegacyToken);
        configure?.Invoke(options);
        var host = await DropboxEmulatorHost.StartAsync(options, cancellationToken);
        return new EmulatedDropbox(host, clientTime ?? new InstantDelayTimeProvider());
    }

    public DropboxClientOptions ClientOptions(Action<DropboxClientOptions>? configure = null)
    {
        var options = new DropboxClientOptions
        {
            AppKey = "retrogrid-dev",
            AuthorizeBaseAddress = Host.BaseAddress,
            ApiBaseAddress = Host.BaseAddress,
            ContentBaseAddress = Host.BaseAddress,
            OperationTimeout = Timeout.InfiniteTimeSpan,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(100),
            UploadChunkSize = 4 * 1024 * 1024,
        };
        configure?.Invoke(options);
        return options;
    }

    public DropboxClient Client(IDropboxTokenSource? tokens = null, Action<DropboxClientOptions>? configure = null) =>
        new(Track(new HttpClient()), tokens ?? new StaticDropboxTokenSource(LegacyToken), ClientOptions(configure), ClientTime);

    public DropboxOAuthClient OAuth(Action<DropboxClientOptions>? configure = null) =>
        new(Track(new HttpClient()), ClientOptions(configure), ClientTime);

    /// <summary>Runs the PKCE flow against the auto-approving emulator and returns the credentials.</summary>
    public async Task<DropboxCredentials> LinkAsync(CancellationToken cancellationToken, IReadOnlyList<string>? scopes = null)
    {
        var oauth = OAuth();
        var request = oauth.CreateAuthorizationRequest(new DropboxAuthorizeOptions { RedirectUri = new Uri("http://127.0.0.1:1/callback"), Scopes = scopes ?? [] });
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(request.AuthorizeUri, cancellationToken);
        if ((int)response.StatusCode != 302 || response.Headers.Location is null)
        {
            throw new InvalidOperationException($"authorize answered {(int)response.StatusCode}, expected a 302 redirect");
        }

        var code = DropboxOAuthClient.ParseAuthorizationRedirect(response.Headers.Location, request.State);
        return await oauth.ExchangeCodeAsync(code, request.CodeVerifier, request.RedirectUri, cancellationToken);
    }

    public async Task<Dictionary<string, long>> CountersAsync(CancellationToken cancellationToken) =>
        await Admin.GetFromJsonAsync<Dictionary<string, long>>("__emulator/counters", cancellationToken) ?? [];

    public async Task<long> CounterAsync(string route, CancellationToken cancellationToken) =>
        (await CountersAsync(cancellationToken)).GetValueOrDefault(route);

    public async Task ResetCountersAsync(CancellationToken cancellationToken) =>
        (await Admin.PostAsync("__emulator/counters/reset", null, cancellationToken)).EnsureSuccessStatusCode();

    /// <summary>Replaces the fault rules, e.g. <c>("files/upload", "http_503", 2)</c>.</summary>
    public async Task SetFaultsAsync(CancellationToken cancellationToken, params (string Route, string Fault, int Count)[] rules)
    {
        var json = JsonSerializer.Serialize(new
        {
            seed = 1,
            rules = rules.Select(r => new { route = r.Route, fault = r.Fault, probability = 1.0, count = r.Count, latency_ms = 0 }).ToArray(),
        });
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        (await Admin.PostAsync("__emulator/faults", content, cancellationToken)).EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await Host.DisposeAsync();
    }

    private HttpClient Track(HttpClient client)
    {
        _clients.Add(client);
        return client;
    }
}
