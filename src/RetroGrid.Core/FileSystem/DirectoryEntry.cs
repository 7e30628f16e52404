namespace RetroGrid.Core.FileSystem;

/// <summary>One entry of a directory with its lstat metadata.</summary>
internal sealed record DirectoryEntry(string Name, string Path, FileMetadata Metadata);
