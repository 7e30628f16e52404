using RetroGrid.Core.Backup;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Restore;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Backup;
using RetroGrid.Dropbox;
using RetroGrid.Dropbox.Emulator;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Restore;

public sealed class DropboxRoundTripTests
{
    private const string Token = "engine-tests-token";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BackupThenRestore_EmulatorWithInjectedFaults_RestoresIdenticalTree()
    {
        var options = new EmulatorOptions { FaultSeed = 5 };
        options.LegacyTokens.Add(Token);
        options.Faults.Add(new FaultRule { Route = "files/upload_session/append_v2", Fault = "connection_reset", Count = 2 });
        options.Faults.Add(new FaultRule { Route = "files/upload_session/append_v2", Fault = "http_500", Count = 1 });
        options.Faults.Add(new FaultRule { Route = "files/upload_session/finish_batch_v2", Fault = "too_many_requests", Count = 1 });
        options.Faults.Add(new FaultRule { Route = "files/upload_session/finish_batch_v2", Fault = "http_500", Count = 1 });
        options.Faults.Add(new FaultRule { Route = "files/upload", Fault = "too_many_requests", Count = 2 });
        options.Faults.Add(new FaultRule { Route = "files/upload", Fault = "connection_reset", Count = 1 });
        options.Faults.Add(new FaultRule { Route = "files/download", Fault = "http_500", Count = 2 });
        await using var host = await DropboxEmulatorHost.StartAsync(options, Ct);
        using var http = new HttpClient();
        var client = new DropboxClient(http, new StaticDropboxTokenSource(Token), new DropboxClientOptions
        {
            ApiBaseAddress = host.BaseAddress,
            ContentBaseAddress = host.BaseAddress,
            AuthorizeBaseAddress = host.BaseAddress,
            UploadChunkSize = 4 * 1024 * 1024,
            RetryBaseDelay = TimeSpan.FromMilliseconds(10),
            RetryMaxDelay = TimeSpan.FromMilliseconds(50),
        });
        await using var store = new DropboxStore(client, "/sets/engine");
        using var work = new TempDirectory();
        var source = Path.Join(work.Path, "sample");
        EngineTestKit.WriteSampleTree(source);

        // Packs larger than the 4 MiB upload chunk, so they go up as sessions with appends.
        var random = new byte[12 * 1024 * 1024];
        new Random(9).NextBytes(random);
        await File.WriteAllBytesAsync(Path.Join(source, "random.bin"), random, Ct);
        var set = await EngineTestKit.InitAsync(store, Ct, packTargetSize: 10 * 1024 * 1024);

        var backup = await new BackupEngine(set).RunAsync(EngineTestKit.Request(source), null, Ct).DefaultTimeout();
        var reopened = await BackupSet.OpenAsync(store, EngineTestKit.Passphrase, Ct).DefaultTimeout();
        var target = Path.Join(work.Path, "restored");
        var restore = await new RestoreEngine(reopened).RunAsync(new RestoreRequest(backup.SnapshotName, target), null, Ct).DefaultTimeout();

        Assert.True(restore.IsComplete, string.Join('\n', restore.Failures));
        using var admin = new HttpClient { BaseAddress = host.BaseAddress };
        var counters = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<Dictionary<string, long>>(admin, "__emulator/counters", Ct) ?? [];

        // Every injected fault was met (the calls that drew them are counted too) and retried through.
        Assert.InRange(counters.GetValueOrDefault("files/upload_session/append_v2"), 4, long.MaxValue);
        Assert.InRange(counters.GetValueOrDefault("files/upload_session/finish_batch_v2"), 3, long.MaxValue);
        Assert.InRange(counters.GetValueOrDefault("files/upload"), 4, long.MaxValue);
        EngineTestKit.AssertSameTree(source, Path.Join(target, "sample"));
    }
}
