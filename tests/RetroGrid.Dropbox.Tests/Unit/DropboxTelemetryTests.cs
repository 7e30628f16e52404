using System.Diagnostics;
using System.Net;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public sealed class DropboxTelemetryTests : IDisposable
{
    private readonly SignalingTimeProvider _time = new();
    private readonly ScriptedHandler _handler = new();

    public void Dispose() => _handler.Dispose();

    [Fact]
    public async Task Call_WithRetry_OneSpanWithRouteStatusAttemptAndNoSecretsOrPaths()
    {
        var stopped = new List<Activity>();
        using var parent = new Activity("test-parent").Start();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DropboxTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == parent.TraceId)
                {
                    lock (stopped)
                    {
                        stopped.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        _handler.Then(() => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable))
            .ThenJson(HttpStatusCode.OK, """{".tag":"folder","name":"secret-folder","id":"id:1"}""");
        var client = TestClients.Client(_handler, _time, new StaticDropboxTokenSource("super-secret-token"));

        var call = client.GetMetadataAsync("/secret-folder", cancellationToken: TestContext.Current.CancellationToken);
        await _time.NextDelayAsync(TestContext.Current.CancellationToken).DefaultTimeout();
        _time.Advance(TimeSpan.FromSeconds(1));
        await call.DefaultTimeout();

        var span = Assert.Single(stopped);
        Assert.Equal("files/get_metadata", span.GetTagItem("dropbox.route"));
        Assert.Equal(2, span.GetTagItem("dropbox.attempt"));
        Assert.Equal(200, span.GetTagItem("http.response.status_code"));
        Assert.Single(span.Events, e => e.Name == "retry");
        Assert.All(span.TagObjects, t => Assert.DoesNotContain("secret", t.Value?.ToString() ?? "", StringComparison.Ordinal));
        Assert.DoesNotContain("secret", span.DisplayName, StringComparison.Ordinal);
    }
}
