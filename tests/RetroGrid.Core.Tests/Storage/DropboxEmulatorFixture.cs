using RetroGrid.Dropbox;
using RetroGrid.Dropbox.Emulator;

namespace RetroGrid.Core.Tests.Storage;

/// <summary>One Dropbox emulator on a loopback port for a test class; tests keep apart by using their own set folders.</summary>
public sealed class DropboxEmulatorFixture : IAsyncLifetime
{
    public const string Token = "core-tests-token";
    private readonly List<HttpClient> _httpClients = [];
    private DropboxEmulatorHost? _host;

    public DropboxEmulatorHost Host => _host ?? throw new InvalidOperationException("The emulator is not started.");

    public async ValueTask InitializeAsync()
    {
        var options = new EmulatorOptions();
        options.LegacyTokens.Add(Token);
        _host = await DropboxEmulatorHost.StartAsync(options, TestContext.Current.CancellationToken);
    }

    public DropboxClient CreateClient()
    {
        var http = new HttpClient();
        _httpClients.Add(http);
        var options = new DropboxClientOptions
        {
            ApiBaseAddress = Host.BaseAddress,
            ContentBaseAddress = Host.BaseAddress,
            AuthorizeBaseAddress = Host.BaseAddress,
            UploadChunkSize = 4 * 1024 * 1024,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        };
        return new DropboxClient(http, new StaticDropboxTokenSource(Token), options);
    }

    public async Task<long> CounterAsync(string route, CancellationToken cancellationToken)
    {
        using var admin = new HttpClient { BaseAddress = Host.BaseAddress };
        var counters = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Dictionary<string, long>>(admin, "__emulator/counters", cancellationToken);
        return counters?.GetValueOrDefault(route) ?? 0;
    }

    /// <summary>Replaces the emulator's fault rules, e.g. <c>("files/upload_session/append_v2", "http_503", 1)</c>.</summary>
    public async Task SetFaultsAsync(CancellationToken cancellationToken, params (string Route, string Fault, int Count)[] rules)
    {
        using var admin = new HttpClient { BaseAddress = Host.BaseAddress };
        var body = new
        {
            seed = 1,
            rules = rules.Select(r => new { route = r.Route, fault = r.Fault, probability = 1.0, count = r.Count, latency_ms = 0 }).ToArray(),
        };
        using var response = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(admin, "__emulator/faults", body, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var http in _httpClients)
        {
            http.Dispose();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
