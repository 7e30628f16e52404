using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RetroGrid.Dropbox;

namespace RetroGrid.Benchmarks.Dropbox;

// Last results (2026-12-04, 2-core AMD EPYC VM shared with two concurrent builds, so absolute times are noisy; the
// ratio bare/client of the same interleaved run is the figure to compare; "before" and "after" are separate runs at
// different load). Median of 5 alternating rounds of a 1 GiB upload (harness outside the repo, same code paths):
//
// | ChunkMiB | before: bare / client (ratio) | after read-ahead pipelining: bare / client (ratio) |
// |---------:|-------------------------------|----------------------------------------------------|
// |        8 | 4.34 s / 4.30 s (101 %)       | 2.45 s / 2.39 s (103 %)                            |
// |       32 | 4.04 s / 5.12 s (79 %)        | 1.70 s / 1.92 s (89 %)                             |
// |      128 | 4.19 s / 6.20 s (68 %)        | 1.49 s / 1.81 s (82 %)                             |
//
// What is left is CPU, not waiting: per GiB the emulator burns ~2.2 CPU-s and the client ~1.0 CPU-s (bare: ~0.3),
// the difference being the SHA-256 of the per-request content_hash, which a 2-core machine cannot fully hide.

/// <summary>
/// A 1 GiB stream uploaded into the emulator over loopback through one upload session, by <see cref="DropboxClient"/>
/// and, as the local limit, by hand-built requests on a bare <see cref="HttpClient"/>. Throughput in MB/s is
/// 1024 MiB / Mean; the emulator's peak RSS is printed at the end of each parameter set. Both paths share one
/// <see cref="HttpClient"/> (same handler and settings), so only the request-building code differs.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 8)]
public class UploadBenchmarks
{
    private const long UploadLength = 1L << 30;
    private const string Token = "benchmark-legacy-token";

    private readonly byte[] _pattern = new byte[16 << 20];
    private EmulatorProcess? _emulator;
    private HttpClient? _http;
    private DropboxClient? _client;
    private string _dataDir = "";

    [Params(8, 32, 128)]
    public int ChunkMiB { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        new Random(42).NextBytes(_pattern);
        // On a RAM disk where there is one: the benchmark measures the HTTP path, not this machine's disk writeback.
        _dataDir = Directory.CreateTempSubdirectory("retrogrid-bench-").FullName;
        if (Directory.Exists("/dev/shm"))
        {
            Directory.Delete(_dataDir);
            _dataDir = Directory.CreateDirectory(Path.Combine("/dev/shm", Path.GetFileName(_dataDir))).FullName;
        }

        _emulator = await EmulatorProcess.StartAsync("--port", "0", "--legacy-token", Token, "--data-dir", _dataDir);
        _http = new HttpClient { BaseAddress = _emulator.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var options = new DropboxClientOptions
        {
            AuthorizeBaseAddress = _emulator.BaseAddress,
            ApiBaseAddress = _emulator.BaseAddress,
            ContentBaseAddress = _emulator.BaseAddress,
            UploadChunkSize = ChunkMiB << 20,
        };
        _client = new DropboxClient(_http, new StaticDropboxTokenSource(Token), options);
    }

    [Benchmark(Baseline = true)]
    public Task BareHttpClient() =>
        BareHttpUpload.UploadAsync(_http!, Token, new RepeatingStream(_pattern, UploadLength), ChunkMiB << 20, "/bench/bare.bin", CancellationToken.None);

    [Benchmark]
    public Task DropboxClientUpload() =>
        _client!.UploadAsync(
            new RepeatingStream(_pattern, UploadLength),
            new DropboxCommitInfo("/bench/client.bin") { Mode = DropboxWriteMode.Overwrite },
            CancellationToken.None);

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// Emulator peak RSS with {ChunkMiB} MiB appends: {_emulator!.PeakResidentBytes() / (1 << 20)} MiB");
        _http!.Dispose();
        _emulator.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }
}
