using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;

namespace RetroGrid.Core.Chunking;

/// <summary>
/// The pool for the engine's chunk-sized buffers (read buffers, chunk copies, sealed blobs): one free list per power
/// of two from 64 KiB to 16 MiB, keeping every array returned, so the arrays allocated per size never exceed the most
/// the bounded pipeline held at once. <see cref="ArrayPool{T}.Shared"/> is not used for these: it keeps arrays per
/// thread and per core, and with megabyte buffers handed between thread-pool threads a backup's large-object heap grew
/// to 209 MiB; a pool that drops arrays it has no room for (<see cref="ArrayPool{T}.Create(int, int)"/>) was worse,
/// the dropped arrays waiting for a full collection (367 MiB peak). Smaller buffers go to the shared pool.
/// </summary>
internal static class BlobBuffers
{
    private const int MinShift = 16;
    private const int MaxShift = 24;

    private static readonly ConcurrentQueue<byte[]>[] Free =
        [.. Enumerable.Range(MinShift, MaxShift - MinShift + 1).Select(_ => new ConcurrentQueue<byte[]>())];

    /// <summary>An array of at least <paramref name="minimumLength"/> bytes, not cleared.</summary>
    public static byte[] Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        if (minimumLength <= 1 << MinShift)
        {
            return ArrayPool<byte>.Shared.Rent(minimumLength);
        }

        var shift = BitOperations.Log2((uint)minimumLength - 1) + 1;
        if (shift > MaxShift)
        {
            return GC.AllocateUninitializedArray<byte>(minimumLength);
        }

        return Free[shift - MinShift].TryDequeue(out var array) ? array : GC.AllocateUninitializedArray<byte>(1 << shift);
    }

    /// <summary>Takes back an array from <see cref="Rent"/>; the caller must not touch it afterwards.</summary>
    public static void Return(byte[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Length <= 1 << MinShift)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
        else if (BitOperations.IsPow2(array.Length) && array.Length <= 1 << MaxShift)
        {
            Free[BitOperations.Log2((uint)array.Length) - MinShift].Enqueue(array);
        }
    }

    /// <summary>Lets the collector have every pooled array: called when a run ends, so an idle agent holds none.</summary>
    public static void Trim()
    {
        foreach (var free in Free)
        {
            free.Clear();
        }
    }
}
