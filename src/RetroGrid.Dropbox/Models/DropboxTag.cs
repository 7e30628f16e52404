using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>A void-member union value such as <c>{".tag":"basic"}</c>; unknown tags are kept as they are.</summary>
public sealed record DropboxTag
{
    [JsonPropertyName(".tag")]
    public string Tag { get; init; } = string.Empty;
}
