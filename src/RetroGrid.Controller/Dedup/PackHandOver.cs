using RetroGrid.Contracts.V1;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Dedup;

/// <summary>
/// Checks a CommitPack request before anything reaches Dropbox: the name must be an object name (it becomes a path in
/// the set's folder, so nothing else may pass), and a pack's entries must tile a pack of the stated length, since they
/// are what dedup will trust.
/// </summary>
internal static class PackHandOver
{
    /// <summary>Packs are tens of MiB; anything near this is not one of ours.</summary>
    private const long MaxPackLength = 4L << 30;

    public static PackToCommit Check(CommitPackRequest request)
    {
        var kind = request.Kind switch
        {
            StoredObjectKind.Pack => BackupObjectKind.Pack,
            StoredObjectKind.Index => BackupObjectKind.Index,
            StoredObjectKind.Snapshot => BackupObjectKind.Snapshot,
            _ => throw Malformed($"object kind {request.Kind} is not one a backup hands over."),
        };
        if (kind == BackupObjectKind.Pack ? !IsLowerHex(request.PackName, 64) : !BackupObjectNames.IsValidName(request.PackName))
        {
            throw Malformed("its name is not lower-case hex digits of the right length.");
        }

        if (request.UploadSessionId.Length is 0 or > 512)
        {
            throw Malformed($"pack {request.PackName} names no upload session.");
        }

        if (request.Length is <= 0 or > MaxPackLength)
        {
            throw Malformed($"pack {request.PackName} has length {request.Length}.");
        }

        if (request.ContentHash.Length > 0 && !IsLowerHex(request.ContentHash, 64))
        {
            throw Malformed($"pack {request.PackName} has a content hash that is not 64 lower-case hex digits.");
        }

        var entries = new PackIndexEntry[request.Entries.Count];
        for (var i = 0; i < entries.Length; i++)
        {
            var entry = request.Entries[i];
            entries[i] = new PackIndexEntry(
                BlobIds.Parse(entry.BlobId, i),
                entry.Type switch
                {
                    Contracts.V1.BlobType.Data => Core.Hashing.BlobType.Data,
                    Contracts.V1.BlobType.Tree => Core.Hashing.BlobType.Tree,
                    _ => Core.Hashing.BlobType.Unspecified,
                },
                entry.Offset,
                entry.Length,
                entry.RawLength,
                entry.Compressed);
        }

        if (kind != BackupObjectKind.Pack)
        {
            return entries.Length == 0
                ? new PackToCommit(kind, request.PackName, request.UploadSessionId, request.Length, NullIfEmpty(request.ContentHash), entries)
                : throw Malformed($"{kind} {request.PackName} carries blob entries; only packs do.");
        }

        if (entries.Length == 0)
        {
            throw Malformed($"pack {request.PackName} has no blobs.");
        }

        if (PackEntryCodec.FindProblem(entries, request.Length) is { } problem)
        {
            throw Malformed($"pack {request.PackName}: {problem}");
        }

        return new PackToCommit(kind, request.PackName, request.UploadSessionId, request.Length, NullIfEmpty(request.ContentHash), entries);
    }

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;

    private static bool IsLowerHex(string value, int length) => value.Length == length && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static ControllerException Malformed(string detail) => new(ControllerErrorCodes.MalformedAgentRequest, $"The pack handed over is malformed: {detail}");
}
