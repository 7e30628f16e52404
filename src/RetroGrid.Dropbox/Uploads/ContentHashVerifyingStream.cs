namespace RetroGrid.Dropbox;

/// <summary>
/// Passes a download through while hashing it; at the end of the stream a length or content-hash mismatch throws
/// <see cref="RetroGridErrorCodes.CorruptData"/> instead of handing damaged data to the caller as if it were whole.
/// </summary>
internal sealed class ContentHashVerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly string _expectedHash;
    private readonly long _expectedLength;
    private readonly DropboxContentHasher _hasher = new();
    private bool _verified;

    public ContentHashVerifyingStream(Stream inner, string expectedHash, long expectedLength)
    {
        _inner = inner;
        _expectedHash = expectedHash;
        _expectedLength = expectedLength;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _expectedLength;

    public override long Position
    {
        get => _hasher.Length;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _inner.Read(buffer);
        return Account(buffer[..read], buffer.IsEmpty);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Account(buffer.Span[..read], buffer.IsEmpty);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hasher.Dispose();
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private int Account(ReadOnlySpan<byte> data, bool emptyBuffer)
    {
        if (!data.IsEmpty)
        {
            _hasher.Append(data);
            return data.Length;
        }

        if (!emptyBuffer && !_verified)
        {
            _verified = true;
            var length = _hasher.Length;
            var hash = _hasher.GetHashAndReset();
            if (length != _expectedLength || !string.Equals(hash, _expectedHash, StringComparison.Ordinal))
            {
                throw new DropboxApiException(
                    RetroGridErrorCodes.CorruptData, "files/download", null, null, null,
                    detail: $"Received {length} bytes whose content hash does not match the file's ({_expectedLength} bytes).");
            }
        }

        return 0;
    }
}
