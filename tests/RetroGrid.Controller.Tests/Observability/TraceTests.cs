using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;
using RetroGrid.ServiceDefaults;
using RetroGrid.Testing;

namespace RetroGrid.Controller.Tests;

/// <summary>One backup is one trace: queued by the controller, run by the agent, its calls back and into Dropbox.</summary>
public sealed partial class TraceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Backup_IsOneConnectedTrace_ControllerAgentAndDropboxSpans_NoSecretOrPathInAnyAttribute()
    {
        var spans = new SpanRecorder();
        using (var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource([.. RetroGridTelemetry.TraceSources])
            .AddHttpClientInstrumentation()
            .AddAspNetCoreInstrumentation()
            .AddProcessor(new SimpleActivityExportProcessor(spans))
            .Build())
        {
            var logs = new TraceIdLogs();
            await using var env = await Env.StartAsync(redirect: false, logs: logs);
            using var directory = new TempDirectory();
            var setId = await env.CreateLinkedSetAsync("office");
            var source = Path.Join(directory.Path, "source");
            Directory.CreateDirectory(source);
            File.WriteAllBytes(Path.Join(source, "a.bin"), new Random(5).GetItems<byte>([1, 2, 3], 200_000));
            var admin = env.Controller.Admin();
            await using var agent = await RealAgent.StartAsync(env.Controller, setId, Path.Join(directory.Path, "agent"), source, Ct);
            var job = await TestJobs.BackUpAsync(admin, setId, agent.Id);
            tracing.ForceFlush();

            var ended = spans.Ended;
            var traceId = Assert.Single(ended, s => s.Source.Name == "RetroGrid.Agent" && (string?)s.GetTagItem("retrogrid.job.id") == job.Id).TraceId;
            var trace = ended.Where(s => s.TraceId == traceId).ToList();

            // Queued by the controller, run by the agent, which called the controller and Dropbox; the controller's
            // commit of the agent's pack went to Dropbox too, and Dropbox (the emulator) received the trace context.
            Assert.Contains(trace, s => s.Source.Name == "RetroGrid.Controller" && s.DisplayName == "retrogrid.job.queue backup");
            Assert.Contains(trace, s => s.Kind == ActivityKind.Server && s.DisplayName.Contains("AgentService/CommitPack", StringComparison.Ordinal));
            Assert.Contains(trace, s => s.Source.Name == "RetroGrid.Dropbox" && s.DisplayName == "dropbox files/upload_session/start");
            // Packs, the index file and the snapshot: each committed in a batch whose Dropbox call is in the trace.
            var batches = trace.Where(s => s.Source.Name == "RetroGrid.Controller" && s.DisplayName == "retrogrid.commit.batch").ToList();
            Assert.NotEmpty(batches);
            Assert.All(batches, batch => Assert.Contains(trace, s => s.ParentSpanId == batch.SpanId && s.DisplayName == "dropbox files/upload_session/finish_batch_v2"));
            Assert.Contains(trace, s => s.Kind == ActivityKind.Server && ((string?)s.GetTagItem("url.path"))?.Contains("upload_session", StringComparison.Ordinal) == true);

            // Connected: every span's parent is in the trace (the root, the test's own call, has none).
            var ids = trace.Select(s => s.SpanId).ToHashSet();
            var orphans = trace.Where(s => s.ParentSpanId != default && !ids.Contains(s.ParentSpanId)).Select(s => $"{s.Source.Name}/{s.Kind} {s.DisplayName} {s.GetTagItem("url.path") ?? s.GetTagItem("url.full")}").ToList();
            Assert.True(orphans.Count == 0, $"spans whose parent is not in the trace: {string.Join(", ", orphans)}");

            // The controller's log line about queuing the job carries its trace id (as OpenTelemetry's log records do:
            // both take it from the current span).
            Assert.Contains(logs.Lines, l => l.TraceId == traceId && l.Category.EndsWith("JobCoordinator", StringComparison.Ordinal));

            foreach (var span in trace)
            {
                foreach (var (key, value) in span.TagObjects)
                {
                    var text = value?.ToString() ?? string.Empty;
                    Assert.False(AccessToken().IsMatch(text), $"{span.DisplayName}: {key} holds an access token");
                    Assert.DoesNotContain(directory.Path, text, StringComparison.Ordinal);
                }
            }
        }
    }

    /// <summary>Each log line's category and the trace it was written in.</summary>
    private sealed class TraceIdLogs : ILoggerProvider
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(string Category, ActivityTraceId TraceId)> _lines = new();

        public IReadOnlyList<(string Category, ActivityTraceId TraceId)> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(TraceIdLogs owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner._lines.Enqueue((category, Activity.Current?.TraceId ?? default));
        }
    }

    /// <summary>Every span ended in this process while it listened (other tests' too: filter by trace).</summary>
    private sealed class SpanRecorder : BaseExporter<Activity>
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<Activity> _ended = new();

        public IReadOnlyList<Activity> Ended => [.. _ended];

        public override ExportResult Export(in Batch<Activity> batch)
        {
            foreach (var span in batch)
            {
                _ended.Enqueue(span);
            }

            return ExportResult.Success;
        }
    }

    /// <summary>The emulator's short-lived tokens: "sl." and 96 random characters.</summary>
    [GeneratedRegex(@"sl\.[A-Za-z0-9_\-]{40,}")]
    private static partial Regex AccessToken();
}
