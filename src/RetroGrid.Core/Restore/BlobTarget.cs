namespace RetroGrid.Core.Restore;

/// <summary>One place a blob's plaintext goes: a file and the offset in it.</summary>
internal readonly record struct BlobTarget(RestoreFile File, long Offset);
