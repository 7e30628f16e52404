using System.Buffers;
using System.Security.Cryptography;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// Streaming Dropbox content hash (reference §7): SHA-256 of every 4 MiB block, then SHA-256 of the concatenated
/// block digests. Completed block digests are kept so upload sessions can persist them and combine the digests of
/// separately received chunks without re-reading data.
/// </summary>
internal sealed class ContentHashAccumulator : IDisposable
{
    public const int BlockSize = 4 * 1024 * 1024;

    private readonly List<byte[]> _blocks;
    private IncrementalHash _current = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _currentCount;

    public ContentHashAccumulator()
        : this([])
    {
    }

    private ContentHashAccumulator(List<byte[]> blocks)
    {
        _blocks = blocks;
    }

    public IReadOnlyList<byte[]> CompletedBlocks => _blocks;

    /// <summary>True when the bytes so far end on a block boundary.</summary>
    public bool IsAligned => _currentCount == 0;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var take = Math.Min(BlockSize - _currentCount, data.Length);
            _current.AppendData(data[..take]);
            _currentCount += take;
            data = data[take..];
            if (_currentCount == BlockSize)
            {
                _blocks.Add(_current.GetHashAndReset());
                _currentCount = 0;
            }
        }
    }

    /// <summary>Block digests so far, including the digest of a trailing partial block.</summary>
    public List<byte[]> AllBlocks()
    {
        var result = new List<byte[]>(_blocks);
        if (_currentCount > 0)
        {
            result.Add(_current.GetCurrentHash());
        }

        return result;
    }

    public string GetHash() => Combine(AllBlocks());

    /// <summary>Appends what <paramref name="other"/> hashed; valid only while this accumulator is aligned.</summary>
    public void AbsorbAligned(ContentHashAccumulator other)
    {
        if (!IsAligned)
        {
            throw new InvalidOperationException("Only an aligned accumulator can absorb another.");
        }

        _blocks.AddRange(other._blocks);
        (_current, other._current) = (other._current, _current);
        _currentCount = other._currentCount;
        other._blocks.Clear();
        other._currentCount = 0;
    }

    public static string Combine(IEnumerable<byte[]> blockDigests)
    {
        using var outer = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var digest in blockDigests)
        {
            outer.AppendData(digest);
        }

        return Convert.ToHexStringLower(outer.GetHashAndReset());
    }

    /// <summary>Rebuilds the state for a file of <paramref name="length"/> bytes whose full blocks are already known.</summary>
    public static ContentHashAccumulator Restore(IEnumerable<byte[]> completedBlocks, string file, long length)
    {
        var fullBlocks = (int)(length / BlockSize);
        var result = new ContentHashAccumulator(completedBlocks.Take(fullBlocks).ToList());
        if (result._blocks.Count != fullBlocks)
        {
            // Digests missing (should not happen): hash the whole file again.
            result = new ContentHashAccumulator();
            fullBlocks = 0;
        }

        var start = (long)fullBlocks * BlockSize;
        if (length > start)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(256 * 1024);
            try
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                stream.Position = start;
                var remaining = length - start;
                while (remaining > 0)
                {
                    var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                    if (read == 0)
                    {
                        throw new IOException("Upload session data file is shorter than recorded.");
                    }

                    result.Append(buffer.AsSpan(0, read));
                    remaining -= read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return result;
    }

    public void Dispose() => _current.Dispose();
}
