using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Index;

/// <summary>Where a blob is stored: its pack and its entry in that pack's index.</summary>
public readonly record struct BlobLocation(string PackName, PackIndexEntry Entry);
