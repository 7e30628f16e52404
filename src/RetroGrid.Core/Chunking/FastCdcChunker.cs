using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace RetroGrid.Core.Chunking;

/// <summary>
/// FastCDC with normalised chunking (Xia et al., "The Design of Fast Content-Defined Chunking for Data Deduplication
/// Based Storage Systems", TPDS 2020): a gear rolling hash, no hashing below the minimum size, a stricter mask before
/// the average size and a looser one after it (normalisation level 2), which pulls chunk sizes towards the average.
/// Stateless after construction and so safe to share across threads.
/// </summary>
internal sealed class FastCdcChunker
{
    /// <summary>The gear hash is a 64-bit shift register: a byte stops influencing it 64 bytes later.</summary>
    private const int WindowSize = 64;

    /// <summary>Normalisation level: the small mask has this many more bits than log2(average), the large one fewer.</summary>
    private const int NormalisationLevel = 2;

    private readonly ulong[] _gear;
    private readonly ulong _maskSmall;
    private readonly ulong _maskLarge;

    public FastCdcChunker(ChunkerParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        Parameters = parameters;
        _gear = parameters.DeriveGearTable();
        var bits = BitOperations.Log2((uint)parameters.AverageSize);
        _maskSmall = TopBits(bits + NormalisationLevel);
        _maskLarge = TopBits(bits - NormalisationLevel);
    }

    public ChunkerParameters Parameters { get; }

    /// <summary>
    /// The length of the chunk that starts at <paramref name="data"/>[0]. Pass at least <c>MaxSize</c> bytes, or
    /// everything that is left at the end of the stream; the result is then in [1, MaxSize] (smaller than MinSize only
    /// for the last chunk of a stream). Empty input returns 0.
    /// </summary>
    public int FindBoundary(ReadOnlySpan<byte> data)
    {
        var minSize = Parameters.MinSize;
        if (data.Length <= minSize)
        {
            return data.Length;
        }

        var end = Math.Min(data.Length, Parameters.MaxSize);
        var normalEnd = Math.Min(end, Parameters.AverageSize);

        // Hash the last window before MinSize without testing it, so the hash at each candidate cut depends only on the
        // 64 bytes before it, not on where this chunk happened to start: that is what lets boundaries resynchronise
        // after an insertion.
        ref var gear = ref MemoryMarshal.GetArrayDataReference(_gear);
        ref var bytes = ref MemoryMarshal.GetReference(data);
        ulong hash = 0;
        var i = minSize - WindowSize;
        for (; i < minSize; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
        }

        for (; i < normalEnd; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
            if ((hash & _maskSmall) == 0)
            {
                return i + 1;
            }
        }

        for (; i < end; i++)
        {
            hash = (hash << 1) + Unsafe.Add(ref gear, Unsafe.Add(ref bytes, i));
            if ((hash & _maskLarge) == 0)
            {
                return i + 1;
            }
        }

        return end;
    }

    // The high bits of a left-shifting gear hash depend on the most bytes (bit 63 on the last 64), so the masks take
    // the top bits: the cut decision then looks at a full 64-byte window, not just the last few bytes.
    private static ulong TopBits(int count) => ulong.MaxValue << (64 - count);
}
