using System.Security.Cryptography;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Index;

/// <summary>Writes and reads <c>index/&lt;id&gt;</c> files: sealed lists of committed packs and their entries.</summary>
internal static class IndexFiles
{
    /// <summary>Seals and stores an index file; returns its name (SHA-256 of its bytes, hex).</summary>
    public static async Task<string> WriteAsync(IBackupStore store, SetKeys keys, IReadOnlyList<IndexFilePack> packs, CancellationToken cancellationToken)
    {
        var bytes = SealedObjects.Seal(ObjectFormats.IndexFile, new IndexFile { Packs = packs }, new AeadSealer(keys.Metadata));
        var name = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await store.WriteAsync(BackupObjectKind.Index, name, bytes, cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>Reads, authenticates and validates an index file; throws <see cref="Errors.RetroGridFormatException"/> naming it.</summary>
    public static async Task<IndexFile> ReadAsync(IBackupStore store, SetKeys keys, string name, CancellationToken cancellationToken)
    {
        var objectName = BackupObjectNames.RelativePath(BackupObjectKind.Index, name);
        byte[] bytes;
        try
        {
            bytes = await store.ReadAsync(BackupObjectKind.Index, name, FormatSerializer.MaxObjectSize, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw FormatErrors.Corrupt(objectName, "it is larger than any index file.", ex);
        }

        var file = SealedObjects.Open<IndexFile>(ObjectFormats.IndexFile, bytes, new AeadSealer(keys.Metadata), objectName);
        foreach (var pack in file.Packs)
        {
            if (!BackupObjectNames.IsValidName(pack.PackName) || pack.PackLength > PackLayout.MaxPackLength)
            {
                throw FormatErrors.Corrupt(objectName, "it names an invalid pack.");
            }

            var dataEnd = pack.PackLength - PackLayout.TrailerSize - AeadSealer.Overhead;
            if (PackIndexValidator.FindProblem(pack.Entries, dataEnd, exactEnd: false) is { } problem)
            {
                throw FormatErrors.Corrupt(objectName, $"its entries for pack {pack.PackName} are invalid: {problem}");
            }
        }

        return file;
    }
}
