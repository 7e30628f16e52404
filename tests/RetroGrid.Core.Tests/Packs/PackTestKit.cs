using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Tests.Packs;

/// <summary>Writes small packs into a store for the pack, index and fuzz tests.</summary>
internal static class PackTestKit
{
    public static PackReader Reader() => new(FormatTestData.Keys, FormatTestData.Compressor, FormatTestData.Hasher);

    /// <summary>Blobs: compressible text, random bytes, an empty blob and a tree.</summary>
    public static IReadOnlyList<(BlobType Type, byte[] Plaintext)> SampleBlobs() =>
    [
        (BlobType.Data, "hello hello hello hello hello hello hello hello hello"u8.ToArray()),
        (BlobType.Data, FormatTestData.RandomBytes(3000, seed: 1)),
        (BlobType.Data, []),
        (BlobType.Tree, FormatSerializer.Serialize(ObjectFormats.Tree, FormatTestData.Tree())),
    ];

    public static async Task<PackWriteResult> WritePackAsync(
        IBackupStore store, IEnumerable<(BlobType Type, byte[] Plaintext)> blobs, CancellationToken cancellationToken) =>
        (await WriteAndCompletePackAsync(store, blobs, cancellationToken)).Pack;

    /// <summary>As <see cref="WritePackAsync"/>, also returning what the store reported on completing the pack.</summary>
    public static async Task<(PackWriteResult Pack, BackupObjectInfo Stored)> WriteAndCompletePackAsync(
        IBackupStore store, IEnumerable<(BlobType Type, byte[] Plaintext)> blobs, CancellationToken cancellationToken)
    {
        await using var upload = await store.BeginPackUploadAsync(cancellationToken);
        using var writer = new PackWriter(upload, FormatTestData.Keys, FormatTestData.Compressor);
        foreach (var (type, plaintext) in blobs)
        {
            await writer.AddAsync(FormatTestData.Hasher.Compute(plaintext), type, plaintext, cancellationToken);
        }

        var result = await writer.FinishAsync(cancellationToken);
        return (result, await upload.CompleteAsync(result.Name, result.Entries, cancellationToken));
    }

    public static string Key(string packName) => InMemoryBackupStore.Key(BackupObjectKind.Pack, packName);
}
