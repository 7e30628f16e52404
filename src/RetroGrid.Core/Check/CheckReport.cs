namespace RetroGrid.Core.Check;

/// <summary>What a check looked at and every problem it found.</summary>
public sealed record CheckReport
{
    public int Snapshots { get; init; }

    public int Trees { get; init; }

    /// <summary>Distinct data blobs referenced by the snapshots.</summary>
    public long DataBlobs { get; init; }

    public int Packs { get; init; }

    public int IndexFiles { get; init; }

    /// <summary>Packs downloaded and verified blob by blob (zero unless data was read).</summary>
    public int PacksRead { get; init; }

    public long BytesRead { get; init; }

    /// <summary>Every damaged or missing object, sorted by area then name.</summary>
    public IReadOnlyList<CheckProblem> Problems { get; init; } = [];

    public bool IsClean => Problems.Count == 0;
}
