using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Faults;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator;

/// <summary>The emulator's state and policies: one instance per host, shared by every request.</summary>
internal sealed class EmulatorServices
{
    private readonly string _tempDir;

    public EmulatorServices(EmulatorOptions options, string dataDir, ILogger logger)
    {
        Options = options;
        DataDir = dataDir;
        Logger = logger;
        Time = options.TimeProvider;
        Directory.CreateDirectory(dataDir);
        _tempDir = Path.Combine(dataDir, "tmp");
        if (Directory.Exists(_tempDir))
        {
            Directory.Delete(_tempDir, recursive: true);
        }

        Directory.CreateDirectory(_tempDir);
        Tokens = new TokenStore(options, dataDir);
        Files = new FileStore(dataDir, new BlobStore(dataDir), Time, options.QuotaBytes);
        Sessions = new SessionStore(dataDir, Time);
        WriteLock = new WriteLock(options.WriteConcurrency);
        RateLimiter = new RateLimiter(options.RequestsPerSecondPerToken, Time);
        Faults = new FaultInjector(options.Faults, options.FaultSeed);
    }

    public EmulatorOptions Options { get; }

    public string DataDir { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    public TokenStore Tokens { get; }

    public FileStore Files { get; }

    public SessionStore Sessions { get; }

    public WriteLock WriteLock { get; }

    public RateLimiter RateLimiter { get; }

    public FaultInjector Faults { get; }

    public CallCounters Counters { get; } = new();

    /// <summary>Finished delete_batch jobs by async_job_id.</summary>
    public ConcurrentDictionary<string, JsonObject> Jobs { get; } = new(StringComparer.Ordinal);

    public long MaxPayloadBytes => Options.MaxPayloadBytes;

    public string NewTempFile() => Path.Combine(_tempDir, Guid.NewGuid().ToString("N"));

    /// <summary>/__emulator/reset: files, revisions, sessions, non-legacy tokens, counters and faults.</summary>
    public void Reset()
    {
        Files.Reset();
        Sessions.Reset();
        Tokens.UnlinkAll();
        Counters.Reset();
        Faults.Clear();
        Jobs.Clear();
        EmulatorLog.StateReset(Logger);
    }
}
