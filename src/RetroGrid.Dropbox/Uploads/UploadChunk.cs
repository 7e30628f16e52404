using System.Buffers;

namespace RetroGrid.Dropbox;

/// <summary>
/// One chunk of an upload source in a pooled buffer, with the digest of exactly the bytes it holds. It is filled one
/// 4 MiB block at a time and each block is hashed right after it is read, while it is still in the CPU cache.
/// </summary>
internal sealed class UploadChunk : IDisposable
{
    private readonly int _capacity;
    private byte[]? _buffer;

    public UploadChunk(int capacity)
    {
        _capacity = capacity;
    }

    public int Length { get; private set; }

    /// <summary>True when the source had a whole chunk; a short chunk means the source ended.</summary>
    public bool IsFull => Length == _capacity;

    public ReadOnlyMemory<byte> Data => _buffer.AsMemory(0, Length);

    public UploadDigest? Digest { get; private set; }

    /// <summary>
    /// Reads up to a chunk from <paramref name="source"/>, replacing what this chunk held. With
    /// <paramref name="parallelHash"/> the blocks are hashed on the thread pool while later blocks are read, for when
    /// nothing else is running and the caller waits for this chunk; otherwise each block is hashed as it arrives.
    /// </summary>
    public async Task<UploadChunk> FillAsync(Stream source, bool parallelHash, CancellationToken cancellationToken)
    {
        // Rented on first use: an upload shorter than one chunk never touches its second buffer.
        var buffer = _buffer ??= ArrayPool<byte>.Shared.Rent(_capacity);
        Length = 0;
        Digest = null;
        var digests = new byte[DropboxContentHasher.BlockCount(_capacity) * DropboxContentHasher.DigestSize];
        List<Task>? hashing = parallelHash ? [] : null;
        try
        {
            while (Length < _capacity)
            {
                var offset = Length;
                var wanted = Math.Min(DropboxContentHasher.BlockSize, _capacity - offset);
                var read = await source.ReadAtLeastAsync(buffer.AsMemory(offset, wanted), wanted, throwOnEndOfStream: false, cancellationToken)
                    .ConfigureAwait(false);
                if (read > 0 && hashing is not null)
                {
                    hashing.Add(Task.Run(() => DropboxContentHasher.HashBlock(buffer.AsSpan(offset, read), digests, offset), CancellationToken.None));
                }
                else if (read > 0)
                {
                    DropboxContentHasher.HashBlock(buffer.AsSpan(offset, read), digests, offset);

                    // Back to the end of the thread-pool queue after each block (a few ms of CPU): a read from a memory
                    // or file source completes synchronously, and without this a whole chunk of hashing would hold a
                    // pool thread that the socket completions of the send running meanwhile are queued behind.
                    await Task.Yield();
                }

                Length += read;
                if (read < wanted)
                {
                    break;
                }
            }
        }
        finally
        {
            if (hashing is not null)
            {
                // Even after a failed read: no hash task may still read the buffer when it goes back to the pool.
                await Task.WhenAll(hashing).ConfigureAwait(false);
            }
        }

        var used = digests.AsSpan(0, DropboxContentHasher.BlockCount(Length) * DropboxContentHasher.DigestSize).ToArray();
        Digest = new UploadDigest(DropboxContentHasher.CombineBlockDigests(used), used);
        return this;
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }
}
