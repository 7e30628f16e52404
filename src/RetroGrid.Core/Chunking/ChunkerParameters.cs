using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace RetroGrid.Core.Chunking;

/// <summary>
/// The content-defined chunking parameters of a backup set, fixed when the set is created and stored (encrypted) in its
/// config. <see cref="Seed"/> is secret: it keys the gear table, so chunk boundaries, and thus chunk sizes, cannot be
/// used to recognise a known file across sets. Invalid values throw <see cref="ArgumentException"/> on construction.
/// </summary>
public sealed record ChunkerParameters(int MinSize, int AverageSize, int MaxSize, byte[] Seed)
{
    public const int SeedSize = 32;

    /// <summary>Below this the 64-byte gear window would not fill and cut points would depend on the chunk start.</summary>
    public const int SmallestMinSize = 64;

    /// <summary>Bounds the reader's buffer (2 × MaxSize) and every chunk the pipeline holds in flight.</summary>
    public const int LargestMaxSize = 64 * 1024 * 1024;

    /// <summary>The secret seed of the gear table (<see cref="SeedSize"/> bytes).</summary>
    // Initialisers run in the primary constructor, so every constructed instance is valid. A `with` expression skips
    // them, which is why FastCdcChunker validates again.
    public byte[] Seed { get; init; } = Validated(MinSize, AverageSize, MaxSize, Seed);

    /// <summary>
    /// 256 KiB / 1 MiB / 4 MiB (as restic's 512 KiB / 1 MiB / 8 MiB, tighter on top): an average of 1 MiB keeps the index
    /// at about a million entries per TiB; min = average / 4 lets the chunker skip the first quarter of every chunk
    /// without hashing it (the FastCDC paper's sub-minimum cut skipping); max = 4 × average caps a single chunk, and so the
    /// memory of each in-flight chunk, while normalised chunking makes the cap rarely reached on real data.
    /// </summary>
    public static ChunkerParameters CreateDefault() =>
        new(256 * 1024, 1024 * 1024, 4 * 1024 * 1024, RandomNumberGenerator.GetBytes(SeedSize));

    public bool Equals(ChunkerParameters? other) =>
        other is not null
        && MinSize == other.MinSize
        && AverageSize == other.AverageSize
        && MaxSize == other.MaxSize
        && Seed.AsSpan().SequenceEqual(other.Seed);

    public override int GetHashCode() => HashCode.Combine(MinSize, AverageSize, MaxSize);

    /// <summary>Derives the 256-entry gear table from the seed (HKDF-Expand-SHA-256; the seed is already uniform).</summary>
    internal ulong[] DeriveGearTable()
    {
        var bytes = HKDF.Expand(HashAlgorithmName.SHA256, Seed, 256 * sizeof(ulong), Encoding.ASCII.GetBytes("retrogrid/v1/fastcdc-gear"));
        var table = new ulong[256];
        for (var i = 0; i < table.Length; i++)
        {
            // Little-endian whatever the CPU: the table, and so every chunk boundary, is part of the format.
            table[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * sizeof(ulong)));
        }

        return table;
    }

    internal void Validate() => Validated(MinSize, AverageSize, MaxSize, Seed);

    // The seed is a secret: keep it out of logs and exception messages.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"MinSize = {MinSize}, AverageSize = {AverageSize}, MaxSize = {MaxSize}, Seed = ***");
        return true;
    }

    private static byte[] Validated(int minSize, int averageSize, int maxSize, byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        if (seed.Length != SeedSize)
        {
            throw new ArgumentException($"The chunker seed is {SeedSize} bytes.", nameof(seed));
        }

        if (!BitOperations.IsPow2(averageSize))
        {
            throw new ArgumentException("The average chunk size must be a power of two (the cut masks are bit masks).", nameof(averageSize));
        }

        if (minSize < SmallestMinSize || minSize >= averageSize || averageSize >= maxSize || maxSize > LargestMaxSize)
        {
            throw new ArgumentException(
                $"Chunk sizes must satisfy {SmallestMinSize} <= min < average < max <= {LargestMaxSize}; got {minSize} / {averageSize} / {maxSize}.",
                nameof(minSize));
        }

        return seed;
    }
}
