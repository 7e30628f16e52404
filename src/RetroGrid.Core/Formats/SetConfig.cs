using MessagePack;

namespace RetroGrid.Core.Formats;

/// <summary>
/// A backup set's fixed parameters, stored sealed as <c>config</c>. Chunker parameters and seed live here because
/// every agent of the set must cut the same chunks for dedup to work; the seed is secret so chunk boundaries cannot
/// fingerprint files across sets.
/// </summary>
[MessagePackObject]
public sealed record SetConfig : IFormatObject
{
    public const int MaxChunkSize = 64 * 1024 * 1024;
    public const int MinPackTargetSize = 1024 * 1024;
    public const int MaxPackTargetSize = 1024 * 1024 * 1024;

    /// <summary>32 lower-case hex digits, random at creation.</summary>
    [Key(0)]
    public string SetId { get; init; } = string.Empty;

    [Key(1)]
    public int FormatVersion { get; init; }

    [Key(2)]
    public int ChunkerMinSize { get; init; }

    [Key(3)]
    public int ChunkerAverageSize { get; init; }

    [Key(4)]
    public int ChunkerMaxSize { get; init; }

    [Key(5)]
    public byte[] ChunkerSeed { get; init; } = [];

    /// <summary>The zstd level blobs are written with (readers do not need it).</summary>
    [Key(6)]
    public int CompressionLevel { get; init; }

    [Key(7)]
    public int PackTargetSize { get; init; }

    /// <summary>When the set was created, Unix time in nanoseconds.</summary>
    [Key(8)]
    public long CreatedUnixNs { get; init; }

    string? IFormatObject.FindProblem()
    {
        if (SetId is null || SetId.Length != 32 || !SetId.All(char.IsAsciiHexDigitLower))
        {
            return "its set id is not 32 lower-case hex digits.";
        }

        if (ChunkerMinSize <= 0 || ChunkerMinSize > ChunkerAverageSize || ChunkerAverageSize > ChunkerMaxSize || ChunkerMaxSize > MaxChunkSize)
        {
            return $"its chunk sizes {ChunkerMinSize}/{ChunkerAverageSize}/{ChunkerMaxSize} are out of order or range.";
        }

        if (ChunkerSeed is null || ChunkerSeed.Length != 32)
        {
            return "its chunker seed is not 32 bytes.";
        }

        return PackTargetSize is < MinPackTargetSize or > MaxPackTargetSize ? $"its pack target size {PackTargetSize} is out of range." : null;
    }
}
