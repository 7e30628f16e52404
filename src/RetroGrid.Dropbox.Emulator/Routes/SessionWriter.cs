using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>
/// Appending request bodies to upload sessions (reference §6.3–6.4, §6.6). Lookup-type errors go through
/// <c>lookupError</c>, because append_v2 returns them flat and finish nests them under <c>lookup_failed</c>.
/// </summary>
internal static class SessionWriter
{
    /// <summary>2^41 − 2^22 bytes: the largest file an upload session may build.</summary>
    public const long MaxSessionBytes = (1L << 41) - (1L << 22);

    private static readonly string EmptyHash = ContentHashAccumulator.Combine([]);

    /// <summary>Appends to a sequential session; the caller holds <see cref="UploadSession.Gate"/>.</summary>
    public static async Task AppendSequentialAsync(
        ApiCall call, UploadSession session, ulong offset, bool close, string? expectedHash, Func<JsonObject, Exception> lookupError)
    {
        var record = session.Record;
        if (record.Closed)
        {
            throw lookupError(Stone.Tag("closed"));
        }

        if (offset != (ulong)record.Length)
        {
            throw lookupError(IncorrectOffset(record.Length));
        }

        if (record.Length + (call.Request.ContentLength ?? 0) > MaxSessionBytes)
        {
            throw lookupError(Stone.Tag("too_large"));
        }

        // Fast path: when the session ends on a 4 MiB boundary the request's block digests are the session's, so
        // one hash pass serves both the per-request content_hash and the file's content hash.
        var aligned = record.Length % ContentHashAccumulator.BlockSize == 0;
        var sessionHasher = session.EnsureHasher();
        using var requestHasher = new ContentHashAccumulator();
        long received;
        using (var file = new FileStream(session.DataPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
        {
            try
            {
                received = await BodyReceiver.ReceiveAsync(
                    call.Request, file.SafeFileHandle, record.Length, call.Services.MaxPayloadBytes,
                    requestHasher, aligned ? null : sessionHasher, call.CancellationToken);
                if (expectedHash is not null && expectedHash != requestHasher.GetHash())
                {
                    throw ApiErrorException.Route(Stone.Tag("content_hash_mismatch"));
                }
            }
            catch
            {
                // Nothing of a failed request counts: cut the bytes off and rebuild the hash state lazily.
                file.SetLength(record.Length);
                if (!aligned)
                {
                    session.Hasher = null;
                    sessionHasher.Dispose();
                }

                throw;
            }
        }

        if (aligned)
        {
            sessionHasher.AbsorbAligned(requestHasher);
        }

        record.Length += received;
        record.BlockDigests = [.. sessionHasher.CompletedBlocks];
        record.Closed |= close;
        session.Save();
    }

    /// <summary>Stores one chunk of a concurrent session; chunks may arrive in parallel and in any order.</summary>
    public static async Task AppendConcurrentAsync(
        ApiCall call, UploadSession session, ulong offset, bool close, string? expectedHash, Func<JsonObject, Exception> lookupError)
    {
        const long Block = ContentHashAccumulator.BlockSize;
        lock (session.Sync)
        {
            if (session.Record.Closed)
            {
                throw lookupError(Stone.Tag("closed"));
            }
        }

        if (offset % Block != 0)
        {
            throw lookupError(Stone.Tag("concurrent_session_invalid_offset"));
        }

        if (!close && call.Request.ContentLength is { } declared && declared % Block != 0)
        {
            throw lookupError(Stone.Tag("concurrent_session_invalid_data_size"));
        }

        if ((long)offset + (call.Request.ContentLength ?? 0) > MaxSessionBytes)
        {
            throw lookupError(Stone.Tag("too_large"));
        }

        using var hasher = new ContentHashAccumulator();
        long received;
        using (var file = new FileStream(session.DataPath, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
        {
            received = await BodyReceiver.ReceiveAsync(
                call.Request, file.SafeFileHandle, (long)offset, call.Services.MaxPayloadBytes, hasher, null, call.CancellationToken);
        }

        if (!close && received % Block != 0)
        {
            throw lookupError(Stone.Tag("concurrent_session_invalid_data_size"));
        }

        if (expectedHash is not null && expectedHash != hasher.GetHash())
        {
            throw ApiErrorException.Route(Stone.Tag("content_hash_mismatch"));
        }

        lock (session.Sync)
        {
            var record = session.Record;
            if (record.Closed)
            {
                throw lookupError(Stone.Tag("closed"));
            }

            // A repeated chunk (a retry after a lost response) replaces the earlier copy.
            record.Chunks.RemoveAll(c => c.Offset == (long)offset);
            record.Chunks.Add(new ChunkRecord { Offset = (long)offset, Length = received, BlockDigests = hasher.AllBlocks() });
            if (close)
            {
                record.Closed = true;
                record.Length = (long)offset + received;
            }

            session.Save();
        }
    }

    /// <summary>
    /// For a closed concurrent session: the content hash when the chunks tile [0, Length) exactly, otherwise null
    /// (concurrent_session_missing_data). The caller holds <see cref="UploadSession.Sync"/>.
    /// </summary>
    public static string? ConcurrentHash(SessionRecord record)
    {
        var digests = new List<byte[]>();
        long position = 0;
        foreach (var chunk in record.Chunks.OrderBy(c => c.Offset))
        {
            if (chunk.Offset != position)
            {
                return null;
            }

            digests.AddRange(chunk.BlockDigests);
            position += chunk.Length;
        }

        return position == record.Length ? ContentHashAccumulator.Combine(digests) : null;
    }

    public static void CheckEmptyHash(string? expectedHash)
    {
        if (expectedHash is not null && expectedHash != EmptyHash)
        {
            throw ApiErrorException.Route(Stone.Tag("content_hash_mismatch"));
        }
    }

    /// <summary><c>UploadSessionLookupError.incorrect_offset</c> is a plain struct: flattened.</summary>
    public static JsonObject IncorrectOffset(long correctOffset) =>
        Stone.Flat("incorrect_offset", new JsonObject { ["correct_offset"] = correctOffset });
}
