namespace RetroGrid.Core.Chunking;

/// <summary>
/// Splits a stream into content-defined chunks with bounded memory: one buffer (the caller's, or a pooled one of
/// 2 × MaxSize), whatever the stream's length. Not thread-safe (one reader per file); the chunks it hands out may go to other threads as follows.
/// </summary>
/// <remarks>
/// Ownership: <see cref="ReadChunkAsync"/> returns a view into the reader's buffer that is valid only until the next
/// call or <see cref="Dispose"/>: use it when the chunk is consumed before reading on (e.g. hashing in place).
/// <see cref="ReadOwnedChunkAsync"/> copies the chunk into a <see cref="PooledChunk"/> that the caller owns and must
/// dispose once the last stage (compress, encrypt, pack) is done with it: use it to hand chunks to a pipeline. The
/// copy is one memcpy per chunk, cheap next to hashing it, and lets the pipeline's bounded queue, not this reader,
/// decide how many chunks are in flight.
/// </remarks>
internal sealed class ChunkStreamReader : IDisposable
{
    private readonly FastCdcChunker _chunker;
    private readonly Stream _stream;
    private readonly bool _ownsBuffer;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <param name="chunker">Finds the boundaries.</param>
    /// <param name="stream">Read to its end.</param>
    /// <param name="buffer">
    /// A buffer the caller lends for this reader's life (longer than MaxSize; the smaller, the more often unconsumed
    /// bytes are moved to its front), or null for a pooled one of 2 × MaxSize.
    /// </param>
    public ChunkStreamReader(FastCdcChunker chunker, Stream stream, byte[]? buffer = null)
    {
        ArgumentNullException.ThrowIfNull(chunker);
        ArgumentNullException.ThrowIfNull(stream);
        if (buffer is not null)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(buffer.Length, chunker.Parameters.MaxSize, nameof(buffer));
        }

        _chunker = chunker;
        _stream = stream;
        _ownsBuffer = buffer is null;
        _buffer = buffer ?? BlobBuffers.Rent(2 * chunker.Parameters.MaxSize);
    }

    /// <summary>Bytes handed out as chunks so far: the stream offset of the next chunk.</summary>
    public long Position { get; private set; }

    /// <summary>
    /// The next chunk as a view into this reader's buffer, valid until the next read or dispose; empty at the end of
    /// the stream (a chunk is never empty).
    /// </summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadChunkAsync(CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(ChunkStreamReader));
        var maxSize = _chunker.Parameters.MaxSize;
        if (_end - _start < maxSize && !_endOfStream)
        {
            await FillAsync(buffer, maxSize, cancellationToken).ConfigureAwait(false);
        }

        var length = _chunker.FindBoundary(buffer.AsSpan(_start, _end - _start));
        var chunk = new ReadOnlyMemory<byte>(buffer, _start, length);
        _start += length;
        Position += length;
        return chunk;
    }

    /// <summary>The next chunk in a pooled buffer the caller owns and disposes; null at the end of the stream.</summary>
    public async ValueTask<PooledChunk?> ReadOwnedChunkAsync(CancellationToken cancellationToken)
    {
        var view = await ReadChunkAsync(cancellationToken).ConfigureAwait(false);
        return view.IsEmpty ? null : PooledChunk.CopyOf(view.Span);
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null && _ownsBuffer)
        {
            BlobBuffers.Return(buffer);
        }
    }

    /// <summary>Reads until at least <paramref name="maxSize"/> bytes are buffered past the current chunk start, or the stream ends.</summary>
    private async ValueTask FillAsync(byte[] buffer, int maxSize, CancellationToken cancellationToken)
    {
        // Compact only when less than one maximum chunk fits behind the unconsumed bytes; with a 2 × MaxSize buffer
        // this moves fewer than MaxSize bytes about once per MaxSize consumed.
        if (buffer.Length - _start < maxSize)
        {
            Buffer.BlockCopy(buffer, _start, buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < maxSize)
        {
            var read = await _stream.ReadAsync(buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
                return;
            }

            _end += read;
        }
    }
}
