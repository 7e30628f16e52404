using System.Text.Json;

namespace RetroGrid.Dropbox;

/// <summary>A per-entry failure inside a batch result.</summary>
/// <param name="TagPath">The tag path of the failure union, e.g. <c>lookup_failed/not_closed</c>.</param>
/// <param name="Code">The RetroGrid code it maps to.</param>
/// <param name="Raw">The raw failure object.</param>
public sealed record DropboxError(string TagPath, RetroGridErrorCode Code, JsonElement Raw);
