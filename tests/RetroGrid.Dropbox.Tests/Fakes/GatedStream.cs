namespace RetroGrid.Dropbox.Tests;

/// <summary>
/// A source over <c>data</c> whose first asynchronous read at or past <c>gatePosition</c> waits until it is cancelled
/// or the gate is opened (a cancelled wait opens the gate), and which counts reads in progress: a test can hold a
/// read-ahead at a known point and see whether the uploader stops it before it moves the source or returns. Reads
/// are short (at most 1,000,000 bytes), so the uploader must fill its buffers itself.
/// </summary>
public sealed class GatedStream(byte[] data, long gatePosition, bool seekable) : Stream
{
    private readonly TaskCompletionSource _reachedGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _position;
    private int _activeReads;
    private int _cancelledReads;

    /// <summary>Completes when a read first waits at the gate.</summary>
    public Task ReachedGate => _reachedGate.Task;

    public int ActiveReads => Volatile.Read(ref _activeReads);

    public int CancelledReads => Volatile.Read(ref _cancelledReads);

    public override bool CanRead => true;

    public override bool CanSeek => seekable;

    public override bool CanWrite => false;

    public override long Length => seekable ? data.Length : throw new NotSupportedException();

    public override long Position
    {
        get => seekable ? _position : throw new NotSupportedException();
        set => _position = seekable ? value : throw new NotSupportedException();
    }

    public void Open() => _open.TrySetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _activeReads);
        try
        {
            if (_position >= gatePosition && !_open.Task.IsCompleted)
            {
                _reachedGate.TrySetResult();
                try
                {
                    await _open.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _cancelledReads);
                    Open();
                    throw;
                }
            }

            var count = (int)Math.Min(Math.Min(buffer.Length, 1_000_000), data.Length - _position);
            data.AsMemory((int)_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }
        finally
        {
            Interlocked.Decrement(ref _activeReads);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
