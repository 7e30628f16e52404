using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// The account's namespace: folders, files, revisions and the change log, keyed by lower-cased path (Dropbox paths
/// are case-insensitive and case-preserving).
/// Locking: one monitor (<c>_sync</c>) guards all metadata; it is held only for in-memory work, the atomic rewrite
/// of files.json and blob renames, never while request bodies stream. Dropbox's namespace write lock (429
/// too_many_write_operations) is modelled separately by <c>WriteLock</c>, taken by the routes around commits.
/// </summary>
internal sealed partial class FileStore
{
    private readonly object _sync = new();
    private readonly TimeProvider _time;
    private readonly BlobStore _blobs;
    private readonly string _statePath;
    private readonly Dictionary<string, string> _pathById = new(StringComparer.Ordinal);
    private StoreState _state;
    private long _usedBytes;

    public FileStore(string dataDir, BlobStore blobs, TimeProvider time, long? quotaBytes)
    {
        _time = time;
        _blobs = blobs;
        QuotaBytes = quotaBytes;
        _statePath = Path.Combine(dataDir, "files.json");
        _state = AtomicFile.Read(_statePath, PersistenceJsonContext.Default.StoreState) ?? NewState();
        RebuildIndexes();
    }

    public long? QuotaBytes { get; set; }

    public long UsedBytes
    {
        get
        {
            lock (_sync)
            {
                return _usedBytes;
            }
        }
    }

    public BlobStore Blobs => _blobs;

    public void Reset()
    {
        lock (_sync)
        {
            _state = NewState();
            RebuildIndexes();
            _blobs.Clear();
            Persist();
        }
    }

    /// <summary>Rewrites files.json; callers hold <c>_sync</c> (commit batches persist once at the end).</summary>
    private void Persist() => AtomicFile.Write(_statePath, _state, PersistenceJsonContext.Default.StoreState);

    public void PersistNow()
    {
        lock (_sync)
        {
            Persist();
        }
    }

    private static StoreState NewState() => new() { Epoch = RandomNumberGenerator.GetHexString(8, lowercase: true) };

    private void RebuildIndexes()
    {
        _pathById.Clear();
        _usedBytes = 0;
        foreach (var (pathLower, node) in _state.Nodes)
        {
            _pathById[node.Id] = pathLower;
            if (!node.IsFolder)
            {
                _usedBytes += node.Size;
            }
        }
    }

    private static StoreException LookupError(JsonObject error) => new(isWrite: false, error);

    private static StoreException WriteError(JsonObject error) => new(isWrite: true, error);

    /// <summary>
    /// Turns an API path (<c>/a/B</c>, <c>id:…</c>, <c>ns:123/…</c>) into (lower, display); "" is the root.
    /// Semantically bad paths are <c>malformed_path</c> route errors (the pattern check already happened).
    /// </summary>
    private (string Lower, string Display) Resolve(string path, bool write)
    {
        if (path.StartsWith("id:", StringComparison.Ordinal))
        {
            if (_pathById.TryGetValue(path, out var byId))
            {
                return (byId, _state.Nodes[byId].PathDisplay);
            }

            throw write ? WriteError(Stone.Tag("malformed_path")) : LookupError(Stone.NotFound());
        }

        if (path.StartsWith("ns:", StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', StringComparison.Ordinal);
            var ns = slash < 0 ? path[3..] : path[3..slash];
            if (ns != EmulatedAccount.NamespaceId)
            {
                throw write ? WriteError(Stone.Tag("no_write_permission")) : LookupError(Stone.NotFound());
            }

            path = slash < 0 ? "" : path[slash..];
        }

        if (path.Length == 0)
        {
            return ("", "");
        }

        if (path == "/" || path.EndsWith('/') || path.Contains("//", StringComparison.Ordinal)
            || path.Split('/').Skip(1).Any(part => part is "." or ".." || part.Trim().Length == 0))
        {
            var malformed = Stone.Tag("malformed_path");
            throw write ? WriteError(malformed) : LookupError(malformed);
        }

        return (path.ToLowerInvariant(), path);
    }

    private static string ParentOf(string pathLower)
    {
        var slash = pathLower.LastIndexOf('/');
        return slash <= 0 ? "" : pathLower[..slash];
    }

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    private string NewRev() =>
        $"{_state.NextRev++:x9}{RandomNumberGenerator.GetInt32(0x1000000):x6}";

    private string NewId() =>
        $"id:{RandomNumberGenerator.GetHexString(12, lowercase: true)}{_state.NextId++:x4}";

    private DateTimeOffset Now() => Timestamps.Truncate(_time.GetUtcNow());

    private void AddChange(string pathLower) =>
        _state.Changes.Add(new ChangeRecord { Seq = _state.NextSeq++, PathLower = pathLower });

    /// <summary>
    /// Checks that no ancestor is a file, creates missing ancestor folders, and returns the display path rebuilt
    /// from the existing parents' casing.
    /// </summary>
    private string EnsureParents(string pathLower, string pathDisplay)
    {
        var parent = ParentOf(pathLower);
        var ancestors = new List<string>();
        for (var p = parent; p.Length > 0; p = ParentOf(p))
        {
            ancestors.Add(p);
        }

        ancestors.Reverse();
        foreach (var ancestor in ancestors)
        {
            if (_state.Nodes.TryGetValue(ancestor, out var node) && !node.IsFolder)
            {
                throw WriteError(Stone.Conflict("file_ancestor"));
            }
        }

        var display = "";
        foreach (var ancestor in ancestors)
        {
            if (_state.Nodes.TryGetValue(ancestor, out var node))
            {
                display = node.PathDisplay;
                continue;
            }

            display = display + "/" + NameOf(pathDisplay[..ancestor.Length]);
            var folder = new NodeRecord { Id = NewId(), PathDisplay = display, IsFolder = true };
            _state.Nodes[ancestor] = folder;
            _pathById[folder.Id] = ancestor;
            _state.Deleted.Remove(ancestor);
            AddChange(ancestor);
        }

        return display + "/" + NameOf(pathDisplay);
    }

    /// <summary>"name (1).txt" for add/overwrite, "name (conflicted copy).txt" for update (reference §6.2).</summary>
    private (string Lower, string Display) FreeName(string pathDisplay, bool conflictedCopy)
    {
        var slash = pathDisplay.LastIndexOf('/');
        var directory = pathDisplay[..slash];
        var name = pathDisplay[(slash + 1)..];
        var dot = name.LastIndexOf('.');
        var (stem, extension) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        for (var n = 1; ; n++)
        {
            var suffix = conflictedCopy
                ? n == 1 ? " (conflicted copy)" : $" (conflicted copy {n})"
                : $" ({n})";
            var candidate = $"{directory}/{stem}{suffix}{extension}";
            var lower = candidate.ToLowerInvariant();
            if (!_state.Nodes.ContainsKey(lower))
            {
                return (lower, candidate);
            }
        }
    }
}
