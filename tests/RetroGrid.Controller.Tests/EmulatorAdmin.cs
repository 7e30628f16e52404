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

    /// <summary>Answers the next <paramref name="count"/> calls of <paramref name="route"/> with <paramref name="fault"/> (e.g. too_many_requests).</summary>
    public async Task FailAsync(string route, string fault, int count)
    {
        var json = $"{{\"seed\":1,\"rules\":[{{\"route\":\"{route}\",\"fault\":\"{fault}\",\"probability\":1.0,\"count\":{count}}}]}}";
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        (await _http.PostAsync("__emulator/faults", content, Ct).DefaultTimeout()).EnsureSuccessStatusCode();
    }

    /// <summary>Makes the next <paramref name="count"/> calls of <paramref name="route"/> wait <paramref name="milliseconds"/> first.</summary>
    public async Task DelayAsync(string route, int milliseconds, int count)
    {
        var json = $"{{\"seed\":1,\"rules\":[{{\"route\":\"{route}\",\"fault\":\"latency\",\"probability\":1.0,\"count\":{count},\"latency_ms\":{milliseconds}}}]}}";
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        (await _http.PostAsync("__emulator/faults", content, Ct).DefaultTimeout()).EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
