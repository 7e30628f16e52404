using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Backup;

/// <summary>
/// Backs up files into a <see cref="BackupSet"/>: scan → read → chunk → hash → dedup → compress → seal → pack → upload,
/// parallel and with bounded memory, progressive against a parent snapshot. See docs/engine.md.
/// </summary>
public sealed class BackupEngine
{
    private readonly BackupSet _set;
    private readonly BackupEngineOptions _options;
    private readonly ILogger _logger;

    public BackupEngine(BackupSet set, BackupEngineOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        _set = set;
        _options = options ?? new BackupEngineOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Runs one backup and writes its snapshot. Per-file trouble becomes a warning in the snapshot; cancelling leaves the
    /// set consistent (committed packs are indexed, no snapshot is written).
    /// </summary>
    public Task<BackupResult> RunAsync(BackupRequest request, IProgress<BackupProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new BackupRun(_set, _options, _logger, request, progress).RunAsync(cancellationToken);
    }
}
