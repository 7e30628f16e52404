namespace RetroGrid.Dropbox;

/// <summary>
/// A sequential Dropbox upload session written piece by piece: start, append, close, then finish here or hand the
/// <see cref="Cursor"/> to a committer for <c>finish_batch_v2</c>. Offsets are tracked; an <c>incorrect_offset</c>
/// answer is resolved from the bytes of the current request (§6.6): all landed → done, part landed → send the rest.
/// Not thread-safe: one append at a time, as sequential sessions require.
/// </summary>
public sealed class DropboxUploadSession
{
    private const int MaxResyncs = 3;
    private readonly DropboxClient _client;
    private DropboxContentHasher? _fileHasher;
    private string? _contentHash;

    internal DropboxUploadSession(DropboxClient client, string sessionId, long offset, bool trackContentHash)
    {
        _client = client;
        SessionId = sessionId;
        Offset = offset;
        _fileHasher = trackContentHash && offset == 0 ? new DropboxContentHasher() : null;
    }

    public string SessionId { get; }

    /// <summary>Bytes Dropbox has received in this session.</summary>
    public long Offset { get; private set; }

    public bool IsClosed { get; private set; }

    public bool IsFinished { get; private set; }

    public DropboxUploadSessionCursor Cursor => new(SessionId, Offset);

    /// <summary>
    /// The whole file's content hash, once the session is closed or finished, if every byte went through this object
    /// as memory (null after a resume, a stream-view append or a resync inside a request).
    /// </summary>
    public string? ContentHash => IsClosed || IsFinished ? _contentHash ??= TakeFileHash() : null;

    /// <summary>Appends bytes, split into requests of at most the configured chunk size.</summary>
    public async Task AppendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var chunk = _client.Options.UploadChunkSize;
        for (var start = 0; start < data.Length; start += chunk)
        {
            await SendAppendAsync(data.Slice(start, Math.Min(chunk, data.Length - start)), close: false, null, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends the rest of <paramref name="source"/>, one pooled chunk buffer at a time.</summary>
    public Task AppendAsync(Stream source, CancellationToken cancellationToken) =>
        _client.CopyToSessionAsync(this, source, cancellationToken);

    /// <summary>
    /// Appends the next <paramref name="length"/> bytes of <paramref name="source"/> as one request, streamed without a
    /// buffer. A seekable source is hashed first and can be retried; a non-seekable one is sent once, without hash.
    /// </summary>
    public async Task AppendAsync(Stream source, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, DropboxClientOptions.MaxRequestBodyBytes);
        EnsureWritable();
        InvalidateFileHash();
        var start = source.CanSeek ? source.Position : -1;
        var sent = 0L;
        for (var resync = 0; ; resync++)
        {
            string? hash = null;
            if (_client.Options.SendContentHash && source.CanSeek)
            {
                source.Position = start + sent;
                hash = await DropboxContentHasher.ComputeAsync(new LengthLimitedStream(source, length - sent), cancellationToken).ConfigureAwait(false);
                source.Position = start + sent;
            }

            try
            {
                using var response = await _client.SendUploadAsync(
                    "files/upload_session/append_v2", new UploadSessionAppendArg(Cursor, false, hash), DropboxJsonContext.Default.UploadSessionAppendArg,
                    UploadBody.FromStream(source, length - sent), null, cancellationToken).ConfigureAwait(false);
                Offset += length - sent;
                return;
            }
            catch (DropboxApiException ex) when (resync < MaxResyncs && ex.HasTag("incorrect_offset") && ex.CorrectOffset is { } correct)
            {
                var end = Offset + (length - sent);
                if (correct == end)
                {
                    Offset = end;
                    if (source.CanSeek)
                    {
                        source.Position = start + length;
                    }

                    return;
                }

                if (!source.CanSeek || correct < Offset || correct > end)
                {
                    throw OutOfReach(ex, correct, "the source stream cannot go back to those bytes");
                }

                DropboxLog.UploadOffsetResynced(_client.Logger, Offset, correct);
                sent += correct - Offset;
                Offset = correct;
            }
        }
    }

    /// <summary>Closes the session (append with <c>close</c>), optionally with a last piece of data.</summary>
    public Task CloseAsync(CancellationToken cancellationToken) => CloseAsync(ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Closes the session with <paramref name="finalData"/> as its last bytes.</summary>
    public async Task CloseAsync(ReadOnlyMemory<byte> finalData, CancellationToken cancellationToken)
    {
        var chunk = _client.Options.UploadChunkSize;
        while (finalData.Length > chunk)
        {
            await SendAppendAsync(finalData[..chunk], close: false, null, cancellationToken).ConfigureAwait(false);
            finalData = finalData[chunk..];
        }

        await SendAppendAsync(finalData, close: true, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Commits the session (<c>upload_session/finish</c>).</summary>
    public Task<DropboxFileMetadata> FinishAsync(DropboxCommitInfo commit, CancellationToken cancellationToken) =>
        FinishAsync(commit, ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>
    /// Commits the session with <paramref name="finalData"/> as its last bytes (at most one chunk). If the data landed
    /// but the commit did not, the commit is repeated with an empty body; if a lost answer hid a successful commit,
    /// the file is re-checked by content hash instead of reporting the session as gone.
    /// </summary>
    public Task<DropboxFileMetadata> FinishAsync(DropboxCommitInfo commit, ReadOnlyMemory<byte> finalData, CancellationToken cancellationToken) =>
        FinishAsync(commit, finalData, null, cancellationToken);

    /// <summary>Moves the offset back after the server lost bytes the caller can send again; the file hash is then unknown.</summary>
    internal void Rewind(long offset)
    {
        DropboxLog.UploadOffsetResynced(_client.Logger, Offset, offset);
        Offset = offset;
        InvalidateFileHash();
    }

    /// <summary>As the public overload, with the digest of <paramref name="finalData"/> if it is already known.</summary>
    internal async Task<DropboxFileMetadata> FinishAsync(
        DropboxCommitInfo commit, ReadOnlyMemory<byte> finalData, UploadDigest? digest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(finalData.Length, DropboxClientOptions.MaxRequestBodyBytes);
        if (IsFinished)
        {
            throw new InvalidOperationException("The upload session is already finished.");
        }

        var hash = RequestHash(finalData, digest, out var digests);
        var state = new DropboxCallState();
        try
        {
            var metadata = await _client.CallUploadAsync(
                "files/upload_session/finish", new UploadSessionFinishArg(Cursor, commit, hash), DropboxJsonContext.Default.UploadSessionFinishArg,
                UploadBody.FromMemory(finalData), DropboxJsonContext.Default.DropboxFileMetadata, state, cancellationToken).ConfigureAwait(false);
            Landed(finalData, digests);
            IsFinished = true;
            return metadata;
        }
        catch (DropboxApiException ex) when (!finalData.IsEmpty && ex.HasTag("lookup_failed/incorrect_offset") && ex.CorrectOffset == Offset + finalData.Length)
        {
            DropboxLog.UploadOffsetResynced(_client.Logger, Offset, Offset + finalData.Length);
            Landed(finalData, digests);
            return await FinishAsync(commit, ReadOnlyMemory<byte>.Empty, cancellationToken).ConfigureAwait(false);
        }
        catch (DropboxApiException ex) when (state.MayHaveLanded && (ex.HasTag("lookup_failed/not_found") || ex.HasTag("lookup_failed/closed")))
        {
            Landed(finalData, digests);
            IsFinished = true;
            var recheck = ContentHash is { } expected
                ? await _client.RecheckCommitAsync("files/upload_session/finish", commit, expected, Offset, cancellationToken).ConfigureAwait(false)
                : null;
            if (recheck is not null)
            {
                return recheck;
            }

            throw;
        }
    }

    /// <summary>One <c>append_v2</c> of <paramref name="data"/>; <paramref name="digest"/> is its digest if already known.</summary>
    internal async Task SendAppendAsync(ReadOnlyMemory<byte> data, bool close, UploadDigest? digest, CancellationToken cancellationToken)
    {
        EnsureWritable();
        for (var resync = 0; ; resync++)
        {
            var hash = RequestHash(data, digest, out var digests);
            var state = new DropboxCallState();
            try
            {
                using var response = await _client.SendUploadAsync(
                    "files/upload_session/append_v2", new UploadSessionAppendArg(Cursor, close, hash), DropboxJsonContext.Default.UploadSessionAppendArg,
                    UploadBody.FromMemory(data), state, cancellationToken).ConfigureAwait(false);
                Landed(data, digests);
                IsClosed |= close;
                return;
            }
            catch (DropboxApiException ex) when (resync < MaxResyncs && ex.HasTag("incorrect_offset") && ex.CorrectOffset is { } correct)
            {
                var end = Offset + data.Length;
                if (correct == end)
                {
                    // An earlier attempt landed and only its answer was lost.
                    Landed(data, digests);
                    IsClosed |= close;
                    return;
                }

                if (correct < Offset || correct > end)
                {
                    throw OutOfReach(ex, correct, "those bytes were sent in earlier requests");
                }

                if (correct > Offset)
                {
                    DropboxLog.UploadOffsetResynced(_client.Logger, Offset, correct);
                    var landed = (int)(correct - Offset);
                    Landed(data[..landed], null);
                    data = data[landed..];
                    digest = null; // it described the whole request
                }
            }
            catch (DropboxApiException ex) when (close && state.MayHaveLanded && ex.HasTag("closed"))
            {
                // Only we close this session, so the lost attempt did; finish will still verify the offset.
                Landed(data, digests);
                IsClosed = true;
                return;
            }
        }
    }

    internal void Landed(ReadOnlyMemory<byte> data, byte[]? blockDigests)
    {
        Offset += data.Length;
        if (_fileHasher is null || data.IsEmpty)
        {
            return;
        }

        try
        {
            if (blockDigests is not null && _fileHasher.IsBlockAligned)
            {
                _fileHasher.AppendBlockDigests(blockDigests, data.Length);
            }
            else
            {
                _fileHasher.Append(data.Span);
            }
        }
        catch (InvalidOperationException)
        {
            // Bytes after a short block: the running hash no longer describes the file.
            InvalidateFileHash();
        }
    }

    /// <summary>
    /// The <c>content_hash</c> to send for <paramref name="data"/> (null when hashes are off) and the block digests for
    /// the file hash (null when the bytes were not hashed; <see cref="Landed"/> then hashes them itself).
    /// </summary>
    internal string? RequestHash(ReadOnlyMemory<byte> data, UploadDigest? known, out byte[]? blockDigests)
    {
        if (known is not null)
        {
            blockDigests = known.BlockDigests;
            return _client.Options.SendContentHash ? known.ContentHash : null;
        }

        if (!_client.Options.SendContentHash)
        {
            blockDigests = null;
            return null;
        }

        return DropboxContentHasher.ComputeWithBlockDigests(data.Span, out blockDigests);
    }

    private DropboxApiException OutOfReach(DropboxApiException ex, long correct, string why) =>
        new(RetroGridErrorCodes.UploadSessionLost, ex.Route, ex.StatusCode, ex.TagPath, ex.Error, ex.RequestId,
            detail: $"Dropbox expects offset {correct} but this request started at {Offset}; {why}.", innerException: ex);

    private void EnsureWritable()
    {
        if (IsClosed || IsFinished)
        {
            throw new InvalidOperationException("The upload session is closed.");
        }
    }

    private void InvalidateFileHash()
    {
        _fileHasher?.Dispose();
        _fileHasher = null;
    }

    private string? TakeFileHash()
    {
        var hash = _fileHasher?.GetHashAndReset();
        InvalidateFileHash();
        return hash;
    }
}
