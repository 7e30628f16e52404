namespace RetroGrid.Core.Chunking;

/// <summary>
/// A chunk in an array rented from <see cref="BlobBuffers"/>, owned by whoever holds it: dispose it exactly
/// once, after the last use of <see cref="Memory"/>. Disposing twice is harmless; using it after dispose is a bug.
/// </summary>
internal sealed class PooledChunk : IDisposable
{
    private byte[]? _array;

    private PooledChunk(byte[] array, int length)
    {
        _array = array;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory =>
        new(_array ?? throw new ObjectDisposedException(nameof(PooledChunk)), 0, Length);

    public static PooledChunk CopyOf(ReadOnlySpan<byte> data)
    {
        var array = BlobBuffers.Rent(data.Length);
        data.CopyTo(array);
        return new PooledChunk(array, data.Length);
    }

    public void Dispose()
    {
        // Exchange, so that two owners racing to dispose cannot return the array to the pool twice.
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null)
        {
            BlobBuffers.Return(array);
        }
    }
}
