using System.Net.Http.Json;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>The emulator's test endpoints (/__emulator/…): counters and unlinking the app.</summary>
internal sealed class EmulatorAdmin(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async Task<long> CounterAsync(string route, CancellationToken cancellationToken) =>
        ((await _http.GetFromJsonAsync<Dictionary<string, long>>("__emulator/counters", cancellationToken).DefaultTimeout()) ?? []).GetValueOrDefault(route);

    public async Task ResetCountersAsync(CancellationToken cancellationToken) =>
        (await _http.PostAsync("__emulator/counters/reset", null, cancellationToken).DefaultTimeout()).EnsureSuccessStatusCode();

    /// <summary>As if the user removed the app from their Dropbox account: every token and refresh token stops working.</summary>
    public async Task UnlinkAsync() => (await _http.PostAsync("__emulator/unlink", null, Ct).DefaultTimeout()).EnsureSuccessStatusCode();

    public void Dispose() => _http.Dispose();
}
