namespace RetroGrid.Core.Storage;

/// <summary>A listed object: its name within its kind, its size, and its Dropbox content hash where the store has one.</summary>
public readonly record struct BackupObjectInfo(string Name, long Size, string? ContentHash);
