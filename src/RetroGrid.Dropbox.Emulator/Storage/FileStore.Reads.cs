using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Storage;

internal sealed partial class FileStore
{
    /// <summary><c>get_metadata</c>: tagged <c>Metadata</c>; deleted items only with <paramref name="includeDeleted"/>.</summary>
    public JsonObject GetMetadata(string path, bool includeDeleted)
    {
        lock (_sync)
        {
            if (path.StartsWith("rev:", StringComparison.Ordinal))
            {
                var revision = FindRevision(path[4..]);
                var json = MetadataJson.Revision(revision);
                json.Insert(0, ".tag", "file");
                return json;
            }

            var (lower, _) = Resolve(path, write: false);
            if (lower.Length == 0)
            {
                throw LookupError(Stone.Tag("malformed_path"));
            }

            if (_state.Nodes.TryGetValue(lower, out var node))
            {
                return MetadataJson.Node(lower, node, tagged: true);
            }

            if (includeDeleted && _state.Deleted.TryGetValue(lower, out var deleted))
            {
                return MetadataJson.Deleted(lower, deleted.PathDisplay);
            }

            throw LookupError(Stone.NotFound());
        }
    }

    public DownloadTarget OpenDownload(string path)
    {
        lock (_sync)
        {
            if (path.StartsWith("rev:", StringComparison.Ordinal))
            {
                var revision = FindRevision(path[4..]);
                return new DownloadTarget(MetadataJson.Revision(revision), _blobs.PathFor(revision.ContentHash), revision.Size, revision.Rev);
            }

            var (lower, _) = Resolve(path, write: false);
            if (lower.Length == 0)
            {
                throw LookupError(Stone.Tag("malformed_path"));
            }

            if (!_state.Nodes.TryGetValue(lower, out var node))
            {
                throw LookupError(Stone.NotFound());
            }

            if (node.IsFolder)
            {
                throw LookupError(Stone.Tag("not_file"));
            }

            return new DownloadTarget(MetadataJson.File(lower, node, tagged: false), _blobs.PathFor(node.ContentHash!), node.Size, node.Rev!);
        }
    }

    private RevisionRecord FindRevision(string rev) =>
        _state.Revisions.TryGetValue(rev, out var revision) ? revision : throw LookupError(Stone.NotFound());

    /// <summary><c>list_folder</c>: the first page and its cursor.</summary>
    public JsonObject ListFolder(string path, bool recursive, bool includeDeleted, int limit)
    {
        lock (_sync)
        {
            var (lower, _) = Resolve(path, write: false);
            if (lower.Length > 0)
            {
                if (!_state.Nodes.TryGetValue(lower, out var node))
                {
                    throw LookupError(Stone.NotFound());
                }

                if (!node.IsFolder)
                {
                    throw LookupError(Stone.Tag("not_folder"));
                }
            }

            var cursor = new ListCursor(_state.Epoch, lower, recursive, includeDeleted, limit, _state.NextSeq - 1, "i", "");
            return Page(cursor);
        }
    }

    /// <summary><c>list_folder/continue</c>; null when the cursor is not valid any more (the caller answers reset).</summary>
    public JsonObject? ListContinue(string cursorText)
    {
        lock (_sync)
        {
            var cursor = ListCursor.TryDecode(cursorText);
            return cursor is null || cursor.Epoch != _state.Epoch || cursor.Seq >= _state.NextSeq ? null : Page(cursor);
        }
    }

    private static bool InScope(ListCursor cursor, string key) =>
        key.Length > cursor.Folder.Length && key.StartsWith(cursor.Folder + "/", StringComparison.Ordinal)
            && (cursor.Recursive || key.IndexOf('/', cursor.Folder.Length + 1) < 0);

    private JsonObject Page(ListCursor cursor)
    {
        var entries = new JsonArray();
        if (cursor.Phase == "i")
        {
            var keys = _state.Nodes.Keys.Where(k => InScope(cursor, k) && string.CompareOrdinal(k, cursor.After) > 0);
            if (cursor.IncludeDeleted)
            {
                keys = keys.Concat(_state.Deleted.Keys.Where(k => InScope(cursor, k) && string.CompareOrdinal(k, cursor.After) > 0));
            }

            var sorted = keys.ToList();
            sorted.Sort(StringComparer.Ordinal);
            foreach (var key in sorted.Take(cursor.Limit))
            {
                entries.Add(EntryFor(key));
            }

            var next = sorted.Count > cursor.Limit
                ? cursor with { After = sorted[cursor.Limit - 1] }
                : cursor with { Phase = "c", After = "" };
            return Result(entries, next, sorted.Count > cursor.Limit);
        }

        // Changes phase: latest state of every path changed after the cursor, in change order.
        var latest = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var change in _state.Changes)
        {
            if (change.Seq > cursor.Seq && InScope(cursor, change.PathLower))
            {
                latest[change.PathLower] = change.Seq;
            }
        }

        var ordered = latest.OrderBy(kv => kv.Value).ToList();
        foreach (var (key, _) in ordered.Take(cursor.Limit))
        {
            entries.Add(EntryFor(key));
        }

        var hasMore = ordered.Count > cursor.Limit;
        var seq = hasMore ? ordered[cursor.Limit - 1].Value : _state.NextSeq - 1;
        return Result(entries, cursor with { Seq = seq }, hasMore);
    }

    private JsonObject EntryFor(string key) =>
        _state.Nodes.TryGetValue(key, out var node)
            ? MetadataJson.Node(key, node, tagged: true)
            : MetadataJson.Deleted(key, _state.Deleted.TryGetValue(key, out var deleted) ? deleted.PathDisplay : key);

    private static JsonObject Result(JsonArray entries, ListCursor next, bool hasMore) => new()
    {
        ["entries"] = entries,
        ["cursor"] = next.Encode(),
        ["has_more"] = hasMore,
    };

    /// <summary><c>list_revisions</c> in path or id mode, newest first.</summary>
    public JsonObject ListRevisions(string path, int limit)
    {
        lock (_sync)
        {
            string lower;
            if (path.StartsWith("id:", StringComparison.Ordinal) && !_pathById.ContainsKey(path))
            {
                // A deleted file's id still names its revisions.
                lower = _state.Revisions.Values.LastOrDefault(r => r.Id == path)?.PathLower ?? throw LookupError(Stone.NotFound());
            }
            else
            {
                lower = Resolve(path, write: false).Lower;
            }

            if (_state.Nodes.TryGetValue(lower, out var node) && node.IsFolder)
            {
                throw LookupError(Stone.Tag("not_file"));
            }

            if (lower.Length == 0 || !_state.History.TryGetValue(lower, out var history) || history.Count == 0)
            {
                throw LookupError(lower.Length == 0 ? Stone.Tag("malformed_path") : Stone.NotFound());
            }

            var entries = new JsonArray();
            for (var i = history.Count - 1; i >= 0 && entries.Count < limit; i--)
            {
                entries.Add(MetadataJson.Revision(_state.Revisions[history[i]]));
            }

            var result = new JsonObject { ["is_deleted"] = node is null };
            if (node is null && _state.Deleted.TryGetValue(lower, out var deleted))
            {
                result["server_deleted"] = Timestamps.Format(deleted.ServerDeleted);
            }

            result["entries"] = entries;
            return result;
        }
    }
}
