using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>SpaceAllocation</c>: <c>individual</c> or <c>team</c> (flattened struct members).</summary>
public sealed record DropboxSpaceAllocation
{
    [JsonPropertyName(".tag")]
    public string Tag { get; init; } = string.Empty;

    public long Allocated { get; init; }

    /// <summary>Team allocations only: the team's total usage.</summary>
    public long? Used { get; init; }
}
