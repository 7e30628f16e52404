using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace RetroGrid.Dropbox.Tests;

/// <summary>An HttpMessageHandler that answers from a script and records what it was sent (headers and body bytes).</summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Used when the script is empty.</summary>
    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Fallback { get; set; }

    public ScriptedHandler Then(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> step)
    {
        _script.Enqueue(step);
        return this;
    }

    public ScriptedHandler Then(Func<HttpResponseMessage> response) => Then((_, _) => Task.FromResult(response()));

    public ScriptedHandler ThenJson(HttpStatusCode status, string json, Action<HttpResponseMessage>? configure = null) =>
        Then(() =>
        {
            var response = Json(status, json);
            configure?.Invoke(response);
            return response;
        });

    public ScriptedHandler ThenText(HttpStatusCode status, string text, Action<HttpResponseMessage>? configure = null) =>
        Then(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
            configure?.Invoke(response);
            return response;
        });

    public ScriptedHandler ThenThrow(Exception exception) => Then((_, _) => Task.FromException<HttpResponseMessage>(exception));

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(
            request.RequestUri!,
            request.Headers.Authorization?.Parameter,
            request.Headers.TryGetValues("Dropbox-API-Arg", out var arg) ? arg.Single() : null,
            request.Content?.Headers.ContentType?.ToString(),
            body));
        var step = _script.TryDequeue(out var next) ? next : Fallback ?? throw new InvalidOperationException("The script is empty.");
        return await step(request, cancellationToken);
    }
}
