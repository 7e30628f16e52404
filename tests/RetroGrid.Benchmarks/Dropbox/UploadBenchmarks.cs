using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using RetroGrid.Dropbox;

namespace RetroGrid.Benchmarks.Dropbox;

// Last results (2026-12-04, quiet 2-core AMD EPYC VM, emulator data on /dev/shm):
//
// | Method              | ChunkMiB | Mean    | StdDev   | Ratio | Allocated  |
// |-------------------- |--------- |--------:|---------:|------:|-----------:|
// | BareHttpClient      | 8        | 1.658 s | 0.1084 s |  1.00 |  579.82 KB |
// | DropboxClientUpload | 8        | 2.111 s | 0.0473 s |  1.28 | 9214.31 KB |
// | BareHttpClient      | 32       | 1.553 s | 0.1319 s |  1.00 |  156.98 KB |
// | DropboxClientUpload | 32       | 1.905 s | 0.1690 s |  1.23 |  283.15 KB |
// | BareHttpClient      | 128      | 1.531 s | 0.1108 s |  1.00 |   47.95 KB |
// | DropboxClientUpload | 128      | 1.840 s | 0.1598 s |  1.21 |   102.1 KB |
//
// Client throughput = 78.5 % / 81.5 % / 83.2 % of bare; emulator peak RSS 90–93 MiB. What is left is CPU: the
// SHA-256 of the per-request content_hash, which a 2-core machine that also runs the emulator cannot fully hide.

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
