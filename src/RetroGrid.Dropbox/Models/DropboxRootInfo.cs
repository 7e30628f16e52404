using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>common.RootInfo</c> (<c>.tag</c> user or team).</summary>
public sealed record DropboxRootInfo
{
    [JsonPropertyName(".tag")]
    public string Tag { get; init; } = string.Empty;

    public string RootNamespaceId { get; init; } = string.Empty;

    public string HomeNamespaceId { get; init; } = string.Empty;

    public string? HomePath { get; init; }
}
