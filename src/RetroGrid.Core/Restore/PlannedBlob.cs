using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Restore;

/// <summary>A needed blob, where it is stored, and every place it goes (a blob may recur in many files).</summary>
internal sealed record PlannedBlob(string PackName, PackIndexEntry Entry, List<BlobTarget> Targets);
