using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Packs;

/// <summary>A finished pack: its content-derived name, length and index.</summary>
/// <param name="Name">SHA-256 of the pack's bytes, lower-case hex.</param>
/// <param name="Length">The pack's length in bytes.</param>
/// <param name="Entries">The pack's index, in pack order.</param>
public sealed record PackWriteResult(string Name, long Length, IReadOnlyList<PackIndexEntry> Entries);
