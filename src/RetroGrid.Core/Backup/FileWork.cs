using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Backup;

/// <summary>A file to read: where its node goes, its lstat at scan time, and its node without content.</summary>
internal sealed record FileWork(PendingDirectory Directory, int Slot, string Path, FileMetadata Metadata, TreeNode Template);
