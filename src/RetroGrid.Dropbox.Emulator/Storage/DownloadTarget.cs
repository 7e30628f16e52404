using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>What files/download serves: untagged <c>FileMetadata</c> plus the blob holding the bytes.</summary>
internal sealed record DownloadTarget(JsonObject Metadata, string BlobPath, long Size, string Rev);
