namespace RetroGrid.Core.Check;

/// <summary>How much of a set <see cref="SetChecker"/> examines.</summary>
public sealed class SetCheckOptions
{
    /// <summary>Download packs and verify every blob in them (otherwise only structure and storage are checked).</summary>
    public bool ReadData { get; set; }

    /// <summary>With <see cref="ReadData"/>, the fraction of packs to read, in (0, 1]; packs are picked at random.</summary>
    public double ReadDataFraction { get; set; } = 1.0;

    /// <summary>
    /// With <see cref="ReadData"/>: read exactly these packs (those the store lists) instead of a random fraction — for
    /// a caller that rotates through the set over successive checks (the controller's verify).
    /// </summary>
    public IReadOnlySet<string>? PacksToRead { get; set; }

    /// <summary>Source of the random pack pick; null → <see cref="Random.Shared"/>. Tests pass a seeded one.</summary>
    public Random? Random { get; set; }

    /// <summary>Packs read at once (each holds at most one read window in memory).</summary>
    public int MaxConcurrentPackReads { get; set; } = 4;

    /// <summary>Largest ranged read while reading a pack; blobs are never split, so a larger blob is read alone.</summary>
    public int ReadWindowSize { get; set; } = 8 * 1024 * 1024;

    internal void Validate()
    {
        if (double.IsNaN(ReadDataFraction) || ReadDataFraction <= 0 || ReadDataFraction > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(ReadDataFraction), ReadDataFraction, "The fraction of packs to read is in (0, 1].");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentPackReads, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(ReadWindowSize, 64 * 1024);
    }
}
