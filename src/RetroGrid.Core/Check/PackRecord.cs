using RetroGrid.Core.Formats;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Check;

/// <summary>A listed pack and its index entries, or null entries when no readable index describes it.</summary>
internal sealed record PackRecord(BackupObjectInfo Info, IReadOnlyList<PackIndexEntry>? Entries);
