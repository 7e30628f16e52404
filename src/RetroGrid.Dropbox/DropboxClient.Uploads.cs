using System.Text.Json;

namespace RetroGrid.Dropbox;

public sealed partial class DropboxClient
{
    /// <summary>
    /// Uploads a stream of any length: one <c>files/upload</c> if it is shorter than a chunk, otherwise an upload
    /// session. The source is read one chunk ahead into two pooled buffers, so reading and hashing the next chunk
    /// overlap sending this one (memory: two chunks, whatever the file size). Lost answers, 429s, 5xx and resets are
    /// retried; when Dropbox lost bytes of earlier chunks, a seekable source is rewound to its offset.
    /// </summary>
    public async Task<DropboxFileMetadata> UploadAsync(Stream content, DropboxCommitInfo commit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(commit);
        var start = content.CanSeek ? content.Position : -1;
        var reader = new UploadChunkReader(content, Options.UploadChunkSize);
        await using (reader.ConfigureAwait(false))
        {
            var chunk = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
            if (!chunk.IsFull)
            {
                return await UploadFileAsync(chunk.Data, commit, chunk.Digest, cancellationToken).ConfigureAwait(false);
            }

            reader.ReadAhead(cancellationToken);
            var session = await StartUploadSessionAsync(chunk.Data, chunk.Digest, cancellationToken).ConfigureAwait(false);
            for (var rewinds = 0; ;)
            {
                chunk = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
                if (!chunk.IsFull)
                {
                    return await session.FinishAsync(commit, chunk.Data, chunk.Digest, cancellationToken).ConfigureAwait(false);
                }

                reader.ReadAhead(cancellationToken);
                try
                {
                    await session.SendAppendAsync(chunk.Data, close: false, chunk.Digest, cancellationToken).ConfigureAwait(false);
                }
                catch (DropboxApiException ex) when (content.CanSeek && rewinds++ < 3 && ex.HasTag("incorrect_offset")
                    && ex.CorrectOffset is { } correct && correct >= 0 && correct < session.Offset)
                {
                    // Dropbox lost bytes of earlier chunks; the seekable source still has them. The chunk read ahead
                    // came from the old position, so it is dropped before the source moves.
                    await reader.DiscardAheadAsync().ConfigureAwait(false);
                    content.Position = start + correct;
                    session.Rewind(correct);
                }
            }
        }
    }

    /// <summary>
    /// <c>files/upload</c>: one request of at most 150 MiB. A repeat after a lost answer is harmless: identical
    /// content at the path is not a conflict and makes no new revision.
    /// </summary>
    public Task<DropboxFileMetadata> UploadFileAsync(ReadOnlyMemory<byte> content, DropboxCommitInfo commit, CancellationToken cancellationToken) =>
        UploadFileAsync(content, commit, null, cancellationToken);

    /// <summary><c>upload_session/start</c> without data.</summary>
    public Task<DropboxUploadSession> StartUploadSessionAsync(CancellationToken cancellationToken) =>
        StartUploadSessionAsync(ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary><c>upload_session/start</c> (sequential) carrying the first chunk (at most 150 MiB).</summary>
    public Task<DropboxUploadSession> StartUploadSessionAsync(ReadOnlyMemory<byte> firstChunk, CancellationToken cancellationToken) =>
        StartUploadSessionAsync(firstChunk, null, cancellationToken);

    /// <summary>Continues a session started elsewhere (another process or token), from its cursor.</summary>
    public DropboxUploadSession ResumeUploadSession(DropboxUploadSessionCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        return new DropboxUploadSession(this, cursor.SessionId, cursor.Offset, trackContentHash: false);
    }

    /// <summary>
    /// <c>upload_session/finish_batch_v2</c>: commits up to 1000 closed sessions under one namespace lock. Results are
    /// in request order. If an answer was lost and the repeat finds a session gone, entries with an expected content
    /// hash are re-checked and reported as the success they were.
    /// </summary>
    public async Task<IReadOnlyList<DropboxBatchEntryResult<DropboxFileMetadata>>> FinishUploadBatchAsync(
        IReadOnlyList<DropboxFinishBatchEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entries.Count, 1000);
        const string Route = "files/upload_session/finish_batch_v2";
        var arg = JsonSerializer.Serialize(
            new UploadSessionFinishBatchArg([.. entries.Select(e => new UploadSessionFinishArg(e.Cursor, e.Commit, null))]),
            DropboxJsonContext.Default.UploadSessionFinishBatchArg);
        var state = new DropboxCallState();
        var element = await CallRpcAsync(Route, arg, DropboxJsonContext.Default.JsonElement, state, cancellationToken).ConfigureAwait(false);
        var results = ParseAnswer(Route, element, DropboxBatchParser.ParseFinishBatch);
        if (results.Count != entries.Count)
        {
            throw new DropboxApiException(
                RetroGridErrorCodes.UnexpectedResponse, Route, System.Net.HttpStatusCode.OK, null, element, detail: "The batch answer has a different number of entries.");
        }

        if (!state.MayHaveLanded)
        {
            return results;
        }

        var rechecked = new List<DropboxBatchEntryResult<DropboxFileMetadata>>(results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            var result = results[i];
            if (result.Failure is { TagPath: "lookup_failed/not_found" or "lookup_failed/closed" } && entries[i].ExpectedContentHash is { } expected
                && await RecheckCommitAsync(Route, entries[i].Commit, expected, entries[i].Cursor.Offset, cancellationToken).ConfigureAwait(false) is { } metadata)
            {
                result = new DropboxBatchEntryResult<DropboxFileMetadata>(metadata, null);
            }

            rechecked.Add(result);
        }

        return rechecked;
    }

    internal async Task CopyToSessionAsync(DropboxUploadSession session, Stream source, CancellationToken cancellationToken)
    {
        var reader = new UploadChunkReader(source, Options.UploadChunkSize);
        await using (reader.ConfigureAwait(false))
        {
            for (var more = true; more;)
            {
                var chunk = await reader.NextAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.Length == 0)
                {
                    return;
                }

                more = chunk.IsFull;
                if (more)
                {
                    reader.ReadAhead(cancellationToken);
                }

                await session.SendAppendAsync(chunk.Data, close: false, chunk.Digest, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>As the public overload, with the digest of <paramref name="content"/> if it is already known.</summary>
    internal Task<DropboxFileMetadata> UploadFileAsync(
        ReadOnlyMemory<byte> content, DropboxCommitInfo commit, UploadDigest? digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(content.Length, DropboxClientOptions.MaxRequestBodyBytes);
        var hash = !Options.SendContentHash ? null : digest?.ContentHash ?? DropboxContentHasher.Compute(content.Span);
        var arg = new UploadArg(commit.Path, commit.Mode, commit.Autorename, commit.ClientModified, commit.Mute, commit.StrictConflict, hash);
        return CallUploadAsync(
            "files/upload", arg, DropboxJsonContext.Default.UploadArg, UploadBody.FromMemory(content), DropboxJsonContext.Default.DropboxFileMetadata, null, cancellationToken);
    }

    /// <summary>As the public overload, with the digest of <paramref name="firstChunk"/> if it is already known.</summary>
    internal async Task<DropboxUploadSession> StartUploadSessionAsync(ReadOnlyMemory<byte> firstChunk, UploadDigest? digest, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstChunk.Length, DropboxClientOptions.MaxRequestBodyBytes);
        byte[]? digests = digest?.BlockDigests;
        var hash = !Options.SendContentHash ? null
            : digest is not null ? digest.ContentHash
            : DropboxContentHasher.ComputeWithBlockDigests(firstChunk.Span, out digests);

        // A repeat after a lost answer opens a second session; the orphan expires unused after 7 days.
        var result = await CallUploadAsync(
            "files/upload_session/start", new UploadSessionStartArg(false, hash), DropboxJsonContext.Default.UploadSessionStartArg,
            UploadBody.FromMemory(firstChunk), DropboxJsonContext.Default.UploadSessionStartResult, null, cancellationToken).ConfigureAwait(false);
        var session = new DropboxUploadSession(this, result.SessionId, 0, trackContentHash: true);
        session.Landed(firstChunk, digests);
        return session;
    }

    /// <summary>After a lost answer: did the commit land? Yes if the file at the path has the expected hash and size.</summary>
    internal async Task<DropboxFileMetadata?> RecheckCommitAsync(
        string route, DropboxCommitInfo commit, string expectedContentHash, long expectedSize, CancellationToken cancellationToken)
    {
        if (commit.Autorename)
        {
            return null; // the file may have landed under another name; nothing reliable to check
        }

        try
        {
            if (await GetMetadataAsync(commit.Path, cancellationToken: cancellationToken).ConfigureAwait(false) is DropboxFileMetadata file
                && string.Equals(file.ContentHash, expectedContentHash, StringComparison.Ordinal) && file.Size == expectedSize)
            {
                DropboxLog.CommitRechecked(_logger, route);
                return file;
            }
        }
        catch (DropboxApiException ex) when (ex.Code == RetroGridErrorCodes.NotFound)
        {
        }

        return null;
    }
}
