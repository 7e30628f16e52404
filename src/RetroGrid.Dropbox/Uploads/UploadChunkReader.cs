namespace RetroGrid.Dropbox;

/// <summary>
/// Reads an upload source one chunk ahead into two alternating <see cref="UploadChunk"/> buffers: while the chunk
/// handed out last is on the wire, the next one is read and hashed on the thread pool. Memory is two chunks whatever
/// the source length. One caller at a time; a chunk stays valid until the next-but-one <see cref="NextAsync"/>.
/// </summary>
internal sealed class UploadChunkReader : IAsyncDisposable
{
    private readonly Stream _source;
    private readonly UploadChunk[] _chunks;
    private Task<UploadChunk>? _ahead;
    private CancellationTokenSource? _aheadCancellation;
    private int _turn;

    public UploadChunkReader(Stream source, int chunkSize)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _chunks = [new UploadChunk(chunkSize), new UploadChunk(chunkSize)];
    }

    /// <summary>
    /// Starts reading the next chunk in the background, into the buffer not handed out last. Its blocks are hashed
    /// as they arrive, on one thread: a send and the server keep the other cores busy meanwhile, and one thread
    /// already hashes faster than a request body goes out.
    /// </summary>
    public void ReadAhead(CancellationToken cancellationToken) => ReadAhead(parallelHash: false, cancellationToken);

    /// <summary>The next chunk of the source: the one read ahead, or one read now.</summary>
    public async Task<UploadChunk> NextAsync(CancellationToken cancellationToken)
    {
        if (_ahead is null)
        {
            // Nothing is being sent while the caller waits for this chunk (the first one, or after a rewind), so its
            // blocks are hashed on every core.
            ReadAhead(parallelHash: true, cancellationToken);
        }

        try
        {
            return await _ahead!.ConfigureAwait(false);
        }
        finally
        {
            EndAhead();
        }
    }

    /// <summary>Stops and forgets a read-ahead, so the caller may move the source; its failure, if any, is moot.</summary>
    public async Task DiscardAheadAsync()
    {
        if (_ahead is not { } ahead)
        {
            return;
        }

        try
        {
            await _aheadCancellation!.CancelAsync().ConfigureAwait(false);
            await ((Task)ahead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _ = ahead.Exception; // observed: the bytes are not wanted, and neither is their error
        }
        finally
        {
            EndAhead();
        }
    }

    /// <summary>Waits for a read-ahead to stop before the buffers go back to the pool: nothing may write into them after.</summary>
    public async ValueTask DisposeAsync()
    {
        await DiscardAheadAsync().ConfigureAwait(false);
        foreach (var chunk in _chunks)
        {
            chunk.Dispose();
        }
    }

    private void ReadAhead(bool parallelHash, CancellationToken cancellationToken)
    {
        if (_ahead is not null)
        {
            throw new InvalidOperationException("The next chunk is already being read.");
        }

        var chunk = _chunks[_turn];
        _turn ^= 1;
        _aheadCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = _aheadCancellation.Token;

        // Task.Run, not a plain call: reading and hashing run synchronously for a memory or file source, and they
        // must overlap the send that the caller starts next instead of delaying it.
        _ahead = Task.Run(() => chunk.FillAsync(_source, parallelHash, token), token);
    }

    private void EndAhead()
    {
        _ahead = null;
        _aheadCancellation?.Dispose();
        _aheadCancellation = null;
    }
}
