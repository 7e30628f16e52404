using System.Security.Cryptography;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.Compression;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Repository;

/// <summary>
/// An open backup set: its store, keys, config and blob index, and the operations on its objects (snapshots, trees,
/// blobs, packs, index files). Created by <see cref="InitAsync"/>, opened by <see cref="OpenAsync"/> or
/// <see cref="OpenWithKekAsync"/>. Thread-safe.
/// </summary>
public sealed partial class BackupSet
{
    private readonly SetKeys _keys;
    private readonly AeadSealer _metadataSealer;
    private readonly PackReader _packReader;
    private readonly LocalBlobIndex _index;
    private readonly Lock _lock = new();
    private List<IndexFilePack> _unindexedPacks = [];

    private BackupSet(IBackupStore store, SetConfig config, SetKeys keys, LocalBlobIndex index)
    {
        Store = store;
        Config = config;
        _keys = keys;
        _metadataSealer = new AeadSealer(keys.Metadata);
        _index = index;
        ChunkerParameters = new ChunkerParameters(config.ChunkerMinSize, config.ChunkerAverageSize, config.ChunkerMaxSize, config.ChunkerSeed);
        IdHasher = BlobIdHashers.Create(keys);
        Compressor = BlobCompressors.Create(config.CompressionLevel);
        _packReader = new PackReader(keys, Compressor, IdHasher);
    }

    public IBackupStore Store { get; }

    public SetConfig Config { get; }

    public ChunkerParameters ChunkerParameters { get; }

    public IBlobIdHasher IdHasher { get; }

    public IBlobCompressor Compressor { get; }

    public IBlobIndex Index => _index;

    /// <summary>How the index was loaded when the set was opened (packs read from trailers, damaged objects).</summary>
    public IndexLoadResult? IndexLoad { get; private set; }

    internal SetKeys Keys => _keys;

    /// <summary>Seals and stores a snapshot; returns its name (SHA-256 of the stored bytes, hex).</summary>
    public async Task<string> SaveSnapshotAsync(Snapshot snapshot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var bytes = SealedObjects.Seal(ObjectFormats.Snapshot, snapshot, _metadataSealer);
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await Store.WriteAsync(BackupObjectKind.Snapshot, name, bytes, cancellationToken).ConfigureAwait(false);
        return name;
    }

    public async Task<Snapshot> LoadSnapshotAsync(string name, CancellationToken cancellationToken)
    {
        var objectName = BackupObjectNames.RelativePath(BackupObjectKind.Snapshot, name);
        var bytes = await ReadSmallObjectAsync(BackupObjectKind.Snapshot, name, FormatSerializer.MaxObjectSize, cancellationToken).ConfigureAwait(false);
        return SealedObjects.Open<Snapshot>(ObjectFormats.Snapshot, bytes, _metadataSealer, objectName);
    }

    public async Task<IReadOnlyList<string>> ListSnapshotsAsync(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (var info in Store.ListAsync(BackupObjectKind.Snapshot, cancellationToken).ConfigureAwait(false))
        {
            names.Add(info.Name);
        }

        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>The tree's blob plaintext (header ‖ MessagePack) and its id; add both to a pack with type Tree.</summary>
    public (BlobId Id, byte[] Plaintext) EncodeTree(Tree tree)
    {
        var plaintext = FormatSerializer.Serialize(ObjectFormats.Tree, tree);
        return (IdHasher.Compute(plaintext), plaintext);
    }

    public async Task<Tree> LoadTreeAsync(BlobId id, CancellationToken cancellationToken)
    {
        var (location, plaintext) = await ReadBlobCoreAsync(id, cancellationToken).ConfigureAwait(false);
        var objectName = $"tree {id} in {PackReader.ObjectName(location.PackName)}";
        return location.Entry.Type == BlobType.Tree
            ? FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, plaintext, objectName)
            : throw FormatErrors.Corrupt(objectName, $"the blob is of type {location.Entry.Type}, not a tree.");
    }

    /// <summary>Reads, authenticates, decompresses and re-checks one blob.</summary>
    public async Task<byte[]> ReadBlobAsync(BlobId id, CancellationToken cancellationToken) =>
        (await ReadBlobCoreAsync(id, cancellationToken).ConfigureAwait(false)).Plaintext;

    /// <summary>A pack writer for this set's keys, compressor and target size, streaming into <paramref name="sink"/>.</summary>
    public PackWriter CreatePackWriter(IPackSink sink) => CreatePackWriter(sink, sealBuffer: null);

    /// <summary>As <see cref="CreatePackWriter(IPackSink)"/>, sealing into <paramref name="sealBuffer"/> whatever fits.</summary>
    internal PackWriter CreatePackWriter(IPackSink sink, byte[]? sealBuffer) => new(sink, _keys, Compressor, Config.PackTargetSize, sealBuffer);

    /// <summary>
    /// Commits a finished pack in the store, then (and only then) indexes its blobs and queues it for the next index file.
    /// </summary>
    public async Task<BackupObjectInfo> CommitPackAsync(IPackUpload upload, PackWriteResult pack, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentNullException.ThrowIfNull(pack);
        var info = await upload.CompleteAsync(pack.Name, pack.Entries, cancellationToken).ConfigureAwait(false);
        await _index.AddPackAsync(pack.Name, pack.Entries, cancellationToken).ConfigureAwait(false);
        lock (_lock)
        {
            _unindexedPacks.Add(new IndexFilePack { PackName = pack.Name, PackLength = pack.Length, Entries = pack.Entries, ContentHash = info.ContentHash });
        }

        return info;
    }

    /// <summary>
    /// Reads every pack's blobs from the store again — index files, then the trailers of packs none covers — and hands
    /// each pack to <paramref name="onPack"/> once (concurrently for trailers): what a catalog is rebuilt from.
    /// </summary>
    public Task<IndexLoadResult> ScanPacksAsync(Func<ScannedPack, CancellationToken, ValueTask> onPack, CancellationToken cancellationToken) =>
        BlobIndexLoader.ScanAsync(Store, _keys, _packReader, onPack, cancellationToken);

    /// <summary>
    /// After packs were deleted (pruning): every index file that lists one of <paramref name="deletedPacks"/> is
    /// replaced by one listing only its other packs — written first, then the old one deleted, so no live pack is ever
    /// left without an index record. Returns how many index files were replaced.
    /// </summary>
    public async Task<int> DropPacksFromIndexFilesAsync(IReadOnlySet<string> deletedPacks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deletedPacks);
        var replaced = 0;
        var names = new List<string>();
        await foreach (var info in Store.ListAsync(BackupObjectKind.Index, cancellationToken).ConfigureAwait(false))
        {
            names.Add(info.Name);
        }

        foreach (var name in names)
        {
            var file = await IndexFiles.ReadAsync(Store, _keys, name, cancellationToken).ConfigureAwait(false);
            if (!file.Packs.Any(p => deletedPacks.Contains(p.PackName)))
            {
                continue;
            }

            var kept = file.Packs.Where(p => !deletedPacks.Contains(p.PackName)).ToList();
            if (kept.Count > 0)
            {
                await IndexFiles.WriteAsync(Store, _keys, kept, cancellationToken).ConfigureAwait(false);
            }

            await Store.DeleteAsync(BackupObjectKind.Index, name, cancellationToken).ConfigureAwait(false);
            replaced++;
        }

        return replaced;
    }

    /// <summary>Writes one index file for the packs committed since the last one; returns its name, or null if there were none.</summary>
    public async Task<string?> WriteIndexFileAsync(CancellationToken cancellationToken)
    {
        List<IndexFilePack> packs;
        lock (_lock)
        {
            (packs, _unindexedPacks) = (_unindexedPacks, []);
        }

        if (packs.Count == 0)
        {
            return null;
        }

        try
        {
            return await IndexFiles.WriteAsync(Store, _keys, packs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lock (_lock)
            {
                _unindexedPacks.InsertRange(0, packs);
            }

            throw;
        }
    }

    private async Task<(BlobLocation Location, byte[] Plaintext)> ReadBlobCoreAsync(BlobId id, CancellationToken cancellationToken)
    {
        var location = await _index.LookupAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw FormatErrors.Missing($"blob {id}", "no pack of the set holds it.");
        var plaintext = await _packReader.ReadBlobAsync(Store, location.PackName, location.Entry, cancellationToken).ConfigureAwait(false);
        return (location, plaintext);
    }

    private async Task<byte[]> ReadSmallObjectAsync(BackupObjectKind kind, string name, int maxLength, CancellationToken cancellationToken)
    {
        var objectName = BackupObjectNames.RelativePath(kind, name);
        try
        {
            return await Store.ReadAsync(kind, name, maxLength, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException ex)
        {
            throw FormatErrors.Missing(objectName, "it is not in the store.", ex);
        }
        catch (InvalidDataException ex)
        {
            throw FormatErrors.Corrupt(objectName, "it is larger than any object of its kind.", ex);
        }
    }
}
