using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Storage;

internal sealed partial class FileStore
{
    /// <summary>
    /// Commits content already on disk (<paramref name="sourceFile"/>, hashed and sized by the caller) under the
    /// write-mode rules of reference §6.2. On success the file is renamed into the blob store unless the content
    /// was identical (no new revision). Throws <see cref="StoreException"/> with a <c>WriteError</c>.
    /// </summary>
    public CommitOutcome Commit(CommitRequest request, string contentHash, long size, string sourceFile, bool persist = true)
    {
        lock (_sync)
        {
            var (lower, display) = Resolve(request.Path, write: true);
            if (lower.Length == 0)
            {
                throw WriteError(Stone.Tag("malformed_path"));
            }

            _state.Nodes.TryGetValue(lower, out var existing);
            var conflict = Decide(request, existing, contentHash);
            if (conflict is null && existing is not null && !existing.IsFolder && existing.ContentHash == contentHash)
            {
                // Identical content: nothing is written, the rev stays (and so does client_modified).
                return new CommitOutcome(MetadataJson.File(lower, existing, tagged: false), SourceAdopted: false);
            }

            if (conflict is not null)
            {
                if (!request.Autorename)
                {
                    throw WriteError(Stone.Conflict(conflict));
                }

                (lower, display) = FreeName(existing?.PathDisplay ?? display, conflictedCopy: request.Mode == "update");
                existing = null;
            }

            var replacedSize = existing is { IsFolder: false } ? existing.Size : 0;
            if (QuotaBytes is { } quota && _usedBytes - replacedSize + size > quota)
            {
                throw WriteError(Stone.Tag("insufficient_space"));
            }

            display = EnsureParents(lower, display);
            var node = WriteFile(lower, display, existing?.Id, contentHash, size, request.ClientModified);
            _blobs.Adopt(sourceFile, contentHash);
            if (persist)
            {
                Persist();
            }

            return new CommitOutcome(MetadataJson.File(lower, node, tagged: false), SourceAdopted: true);
        }
    }

    /// <summary>Returns the conflict kind ("file"/"folder"), or null when the write may proceed.</summary>
    private static string? Decide(CommitRequest request, NodeRecord? existing, string contentHash)
    {
        var update = request.Mode == "update";
        if (existing is null)
        {
            return update && request.StrictConflict ? "file" : null;
        }

        if (existing.IsFolder)
        {
            return "folder";
        }

        if (update && request.StrictConflict && existing.Rev != request.UpdateRev)
        {
            return "file";
        }

        if (existing.ContentHash == contentHash)
        {
            return null;
        }

        return request.Mode switch
        {
            "add" => "file",
            "update" when existing.Rev != request.UpdateRev => "file",
            _ => null,
        };
    }

    private NodeRecord WriteFile(string lower, string display, string? id, string contentHash, long size, DateTimeOffset? clientModified)
    {
        var now = Now();
        if (_state.Nodes.TryGetValue(lower, out var previous) && !previous.IsFolder)
        {
            _usedBytes -= previous.Size;
        }

        var node = new NodeRecord
        {
            Id = id ?? NewId(),
            PathDisplay = display,
            Rev = NewRev(),
            Size = size,
            ContentHash = contentHash,
            ClientModified = clientModified ?? now,
            ServerModified = now,
        };
        _usedBytes += size;
        _state.Nodes[lower] = node;
        _pathById[node.Id] = lower;
        _state.Revisions[node.Rev] = new RevisionRecord
        {
            Rev = node.Rev,
            Id = node.Id,
            PathLower = lower,
            PathDisplay = display,
            Size = size,
            ContentHash = contentHash,
            ClientModified = node.ClientModified,
            ServerModified = now,
        };
        if (!_state.History.TryGetValue(lower, out var history))
        {
            _state.History[lower] = history = [];
        }

        history.Add(node.Rev);
        _state.Deleted.Remove(lower);
        AddChange(lower);
        return node;
    }

    /// <summary><c>create_folder_v2</c>: returns the untagged <c>FolderMetadata</c>.</summary>
    public JsonObject CreateFolder(string path, bool autorename)
    {
        lock (_sync)
        {
            var (lower, display) = Resolve(path, write: true);
            if (lower.Length == 0)
            {
                throw WriteError(Stone.Tag("malformed_path"));
            }

            if (_state.Nodes.TryGetValue(lower, out var existing))
            {
                if (!autorename)
                {
                    throw WriteError(Stone.Conflict(existing.IsFolder ? "folder" : "file"));
                }

                (lower, display) = FreeName(existing.PathDisplay, conflictedCopy: false);
            }

            display = EnsureParents(lower, display);
            var folder = new NodeRecord { Id = NewId(), PathDisplay = display, IsFolder = true };
            _state.Nodes[lower] = folder;
            _pathById[folder.Id] = lower;
            _state.Deleted.Remove(lower);
            AddChange(lower);
            Persist();
            return MetadataJson.Folder(lower, folder, tagged: false);
        }
    }

    /// <summary>
    /// <c>delete_v2</c>: removes the item (folders recursively) and returns its tagged metadata as it was. Lookup
    /// failures are <c>LookupError</c>s, a <paramref name="parentRev"/> mismatch a <c>WriteError</c> conflict.
    /// </summary>
    public JsonObject Delete(string path, string? parentRev, bool persist = true)
    {
        lock (_sync)
        {
            var (lower, _) = Resolve(path, write: false);
            if (lower.Length == 0 || !_state.Nodes.TryGetValue(lower, out var node))
            {
                throw LookupError(lower.Length == 0 ? Stone.Tag("malformed_path") : Stone.NotFound());
            }

            if (parentRev is not null && (node.IsFolder || node.Rev != parentRev))
            {
                throw WriteError(Stone.Conflict(node.IsFolder ? "folder" : "file"));
            }

            var metadata = MetadataJson.Node(lower, node, tagged: true);
            var now = Now();
            var prefix = lower + "/";
            var doomed = _state.Nodes.Keys.Where(k => k == lower || k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            doomed.Sort(StringComparer.Ordinal);
            foreach (var key in doomed)
            {
                var victim = _state.Nodes[key];
                _state.Nodes.Remove(key);
                _pathById.Remove(victim.Id);
                if (!victim.IsFolder)
                {
                    _usedBytes -= victim.Size;
                }

                _state.Deleted[key] = new DeletedRecord { PathDisplay = victim.PathDisplay, IsFolder = victim.IsFolder, ServerDeleted = now };
                AddChange(key);
            }

            if (persist)
            {
                Persist();
            }

            return metadata;
        }
    }

    /// <summary><c>restore</c>: makes <paramref name="rev"/> the current content of <paramref name="path"/>.</summary>
    public JsonObject Restore(string path, string rev)
    {
        lock (_sync)
        {
            var (lower, display) = Resolve(path, write: true);
            if (!_state.Revisions.TryGetValue(rev, out var revision) || revision.PathLower != lower)
            {
                throw new StoreException(isWrite: false, Stone.Tag("invalid_revision"));
            }

            _state.Nodes.TryGetValue(lower, out var existing);
            if (existing is { IsFolder: true })
            {
                throw WriteError(Stone.Conflict("folder"));
            }

            if (existing is not null && existing.ContentHash == revision.ContentHash)
            {
                return MetadataJson.File(lower, existing, tagged: false);
            }

            var replacedSize = existing?.Size ?? 0;
            if (QuotaBytes is { } quota && _usedBytes - replacedSize + revision.Size > quota)
            {
                throw WriteError(Stone.Tag("insufficient_space"));
            }

            display = EnsureParents(lower, existing?.PathDisplay ?? display);
            var node = WriteFile(lower, display, existing?.Id ?? revision.Id, revision.ContentHash, revision.Size, revision.ClientModified);
            Persist();
            return MetadataJson.File(lower, node, tagged: false);
        }
    }
}
