using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RetroGrid.Core.Repository;

namespace RetroGrid.Core.Restore;

/// <summary>
/// Restores a snapshot (or the entries matching globs) into a folder: plans the blobs needed, groups them by pack,
/// coalesces neighbours into ranged reads, downloads in parallel, authenticates and re-hashes every blob, writes each
/// file under a temporary name and renames it into place. See docs/engine.md.
/// </summary>
public sealed class RestoreEngine
{
    private readonly BackupSet _set;
    private readonly RestoreEngineOptions _options;
    private readonly ILogger _logger;

    public RestoreEngine(BackupSet set, RestoreEngineOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        _set = set;
        _options = options ?? new RestoreEngineOptions();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Restores; damaged or missing data fails only the files that need it (listed in <see cref="RestoreResult.Failures"/>),
    /// the rest is restored. Throws only for problems with the whole restore (no such snapshot, a damaged tree, cancel).
    /// </summary>
    public Task<RestoreResult> RunAsync(RestoreRequest request, IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RestoreRun(_set, _options, _logger, request, progress).RunAsync(cancellationToken);
    }
}
