namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// Committed file contents, content-addressed by Dropbox content hash under blobs/ab/abcd…. A commit renames the
/// received file into place (no copy); identical content is stored once. Blobs are never deleted while the
/// emulator runs, because old revisions stay restorable.
/// </summary>
internal sealed class BlobStore
{
    private readonly string _root;

    public BlobStore(string dataDir)
    {
        _root = Path.Combine(dataDir, "blobs");
        Directory.CreateDirectory(_root);
    }

    public string PathFor(string contentHash) => Path.Combine(_root, contentHash[..2], contentHash);

    /// <summary>Moves <paramref name="sourceFile"/> into the store, or deletes it if the content is already there.</summary>
    public void Adopt(string sourceFile, string contentHash)
    {
        var target = PathFor(contentHash);
        if (File.Exists(target))
        {
            File.Delete(sourceFile);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(sourceFile, target, overwrite: true);
    }

    public void Clear()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        Directory.CreateDirectory(_root);
    }
}
