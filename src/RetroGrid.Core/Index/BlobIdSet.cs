using System.Numerics;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Index;

/// <summary>
/// The controller's dedup index: which blob ids a backup set holds, for answering agents' batched
/// "which of these are missing?" (<see cref="FindMissing"/>) across a fleet.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout.</b> One array of <see cref="UInt128"/> slots, open addressing with linear probing; a power-of-two
/// table, doubled when <see cref="Count"/> would pass <see cref="MaxLoadFactor"/> (0.75: chosen by measurement in
/// <c>tests/RetroGrid.Benchmarks/Index/BlobIdSetLoadFactorBenchmarks.cs</c>). Ids are keyed BLAKE3 hashes, uniform, so
/// the top bits of <see cref="BlobId.W0"/> are the home slot; no rehash. Removal shifts the rest of the probe cluster
/// back (no tombstones), so lookups never slow down with grooming. The all-zero slot means "empty"; an id whose
/// stored key is zero is kept in a flag of its own.
/// </para>
/// <para>
/// <b>Only the first 16 bytes are stored</b> (<see cref="BlobId.W0"/>, <see cref="BlobId.W1"/>): 16 bytes a slot
/// instead of 32, so 26.8 MB per million ids at 10 million and 33.6 at 1 million, half what full ids would take. The
/// set is exact for those 128 bits: two ids are taken for one only if their first 16 bytes are equal. Ids are keyed
/// hashes of the plaintext under the set's id key, which an attacker in another set does not hold, so no one can aim
/// for a prefix collision; by chance, the birthday bound for n = 10^8 ids in one set is n² / 2^129 = 10^16 / 6.8·10^38
/// ≈ 1.5·10^-23, far below the odds of an undetected disk or memory error. A collision would make an agent skip
/// uploading a blob (lost data), which is why the full 128 bits are compared, never a shorter fingerprint.
/// </para>
/// <para>
/// <b>Threads.</b> One <see cref="ReaderWriterLockSlim"/>: readers (<see cref="FindMissing"/>, <see cref="Contains"/>)
/// run in parallel, writers (<see cref="Add"/>, <see cref="AddRange"/>, <see cref="Remove"/>, growth) run alone. A
/// batch takes the lock once, so its cost is nothing next to the probes. Dispose releases the lock's wait handles.
/// </para>
/// </remarks>
public sealed class BlobIdSet : IDisposable
{
    /// <summary>Growth threshold: count / slots never exceeds this.</summary>
    public const double MaxLoadFactor = 0.75;
    private const int MinSlots = 16;

    // Array.MaxLength is just below 2^31; the largest power of two that fits is 2^30 slots (16 GiB).
    private const int MaxSlots = 1 << 30;

    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly double _maxLoadFactor;
    private UInt128[] _slots;
    private int _shift;
    private int _growAt;
    private int _count;
    private bool _holdsZeroKey;

    /// <summary>Creates a set that holds <paramref name="initialCapacity"/> ids before it first grows.</summary>
    public BlobIdSet(int initialCapacity = 0)
        : this(initialCapacity, MaxLoadFactor)
    {
    }

    /// <summary>For the load-factor benchmark only: the production threshold is <see cref="MaxLoadFactor"/>.</summary>
    internal BlobIdSet(int initialCapacity, double maxLoadFactor)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxLoadFactor, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxLoadFactor, 1.0);
        _maxLoadFactor = maxLoadFactor;
        var wanted = Math.Max(MinSlots, (long)Math.Ceiling(initialCapacity / maxLoadFactor));
        if (wanted > MaxSlots)
        {
            throw new ArgumentOutOfRangeException(nameof(initialCapacity), initialCapacity, "More ids than one table can hold.");
        }

        _slots = new UInt128[(int)BitOperations.RoundUpToPowerOf2((uint)wanted)];
        _shift = Shift(_slots.Length);
        _growAt = (int)(_slots.Length * maxLoadFactor);
    }

    /// <summary>How many ids the set holds.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Bytes of the slot array the set holds (the lock and fields are not counted).</summary>
    public long MemoryBytes => (long)Volatile.Read(ref _slots).Length * 16;

    /// <summary>Adds one id; true if it was not held before.</summary>
    public bool Add(BlobId id)
    {
        _lock.EnterWriteLock();
        try
        {
            return AddLocked(Key(id));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Adds a committed pack's ids under one lock acquisition; ids already held are skipped.</summary>
    public void AddRange(ReadOnlySpan<BlobId> ids)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var id in ids)
            {
                AddLocked(Key(id));
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Removes one id (grooming); true if it was held.</summary>
    public bool Remove(BlobId id)
    {
        var key = Key(id);
        _lock.EnterWriteLock();
        try
        {
            if (key == UInt128.Zero)
            {
                var held = _holdsZeroKey;
                _holdsZeroKey = false;
                _count -= held ? 1 : 0;
                return held;
            }

            var slot = Find(_slots, _shift, key);
            if (slot < 0)
            {
                return false;
            }

            ShiftBack(slot);
            _count--;
            return true;
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Whether the set holds <paramref name="id"/>.</summary>
    public bool Contains(BlobId id)
    {
        var key = Key(id);
        _lock.EnterReadLock();
        try
        {
            return ContainsLocked(key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    /// <summary>
    /// Writes to <paramref name="missingIndexes"/> the positions in <paramref name="ids"/> that the set does not hold,
    /// ascending, and returns how many. A missing id that occurs twice in the batch is reported at both positions.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="missingIndexes"/> is shorter than <paramref name="ids"/>.</exception>
    public int FindMissing(ReadOnlySpan<BlobId> ids, Span<int> missingIndexes)
    {
        if (missingIndexes.Length < ids.Length)
        {
            throw new ArgumentException(
                $"Room for {missingIndexes.Length} indexes, but the batch has {ids.Length} ids.", nameof(missingIndexes));
        }

        var written = 0;
        _lock.EnterReadLock();
        try
        {
            for (var i = 0; i < ids.Length; i++)
            {
                if (!ContainsLocked(Key(ids[i])))
                {
                    missingIndexes[written++] = i;
                }
            }
        }
        finally
        {
            _lock.ExitReadLock();
        }

        return written;
    }

    public void Dispose() => _lock.Dispose();

    private static UInt128 Key(BlobId id) => new(id.W0, id.W1);

    private static int Shift(int slots) => 64 - BitOperations.Log2((uint)slots);

    private static int Home(UInt128 key, int shift) => (int)((ulong)(key >> 64) >> shift);

    /// <summary>The slot holding <paramref name="key"/>, or the complement of the empty slot ending its probe.</summary>
    private static int Find(UInt128[] slots, int shift, UInt128 key)
    {
        var mask = slots.Length - 1;
        var i = Home(key, shift);
        while (true)
        {
            var slot = slots[i];
            if (slot == key)
            {
                return i;
            }

            if (slot == UInt128.Zero)
            {
                return ~i;
            }

            i = (i + 1) & mask;
        }
    }

    private bool ContainsLocked(UInt128 key) =>
        key == UInt128.Zero ? _holdsZeroKey : Find(_slots, _shift, key) >= 0;

    private bool AddLocked(UInt128 key)
    {
        if (key == UInt128.Zero)
        {
            var added = !_holdsZeroKey;
            _holdsZeroKey = true;
            _count += added ? 1 : 0;
            return added;
        }

        var slot = Find(_slots, _shift, key);
        if (slot >= 0)
        {
            return false;
        }

        if (_count + 1 > _growAt)
        {
            Grow();
            slot = Find(_slots, _shift, key);
        }

        _slots[~slot] = key;
        _count++;
        return true;
    }

    /// <summary>
    /// Empties <paramref name="hole"/> and moves later members of its cluster back into it whenever the move keeps
    /// them reachable from their home slot, so no probe path ever crosses an empty slot it should not.
    /// </summary>
    private void ShiftBack(int hole)
    {
        var slots = _slots;
        var mask = slots.Length - 1;
        var i = (hole + 1) & mask;
        while (slots[i] != UInt128.Zero)
        {
            // The member at i may fill the hole if its home is not cyclically inside (hole, i].
            var home = Home(slots[i], _shift);
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                slots[hole] = slots[i];
                hole = i;
            }

            i = (i + 1) & mask;
        }

        slots[hole] = UInt128.Zero;
    }

    private void Grow()
    {
        var old = _slots;
        if (old.Length >= MaxSlots)
        {
            throw new InvalidOperationException($"A blob id set holds at most {_growAt} ids.");
        }

        var slots = new UInt128[old.Length * 2];
        var shift = Shift(slots.Length);
        foreach (var key in old)
        {
            if (key != UInt128.Zero)
            {
                slots[~Find(slots, shift, key)] = key;
            }
        }

        _shift = shift;
        _growAt = (int)(slots.Length * _maxLoadFactor);
        Volatile.Write(ref _slots, slots);
    }
}
