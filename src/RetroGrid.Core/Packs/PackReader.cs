using System.Buffers.Binary;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.Compression;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Packs;

/// <summary>
/// Reads packs, treating every byte as hostile: the trailer's index length is bounded by the pack and by
/// <see cref="PackLayout.MaxIndexLength"/>, the index is authenticated then validated, and every blob is
/// authenticated, decompressed to exactly its recorded length, and its id recomputed before it is returned.
/// </summary>
internal sealed class PackReader
{
    /// <summary>How much of a pack's end is fetched first: most indexes fit, so one ranged read usually suffices.</summary>
    public const int TailReadSize = 64 * 1024;

    private readonly AeadSealer _dataSealer;
    private readonly AeadSealer _metadataSealer;
    private readonly IBlobCompressor _compressor;
    private readonly IBlobIdHasher _hasher;

    public PackReader(SetKeys keys, IBlobCompressor compressor, IBlobIdHasher hasher)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(compressor);
        ArgumentNullException.ThrowIfNull(hasher);
        _dataSealer = new AeadSealer(keys.Data);
        _metadataSealer = new AeadSealer(keys.Metadata);
        _compressor = compressor;
        _hasher = hasher;
    }

    public static string ObjectName(string packName) =>
        BackupObjectNames.IsValidName(packName) ? BackupObjectNames.RelativePath(BackupObjectKind.Pack, packName) : $"packs/{packName}";

    /// <summary>Reads and checks a pack's index from the end of the pack.</summary>
    public async Task<IReadOnlyList<PackIndexEntry>> ReadIndexAsync(IBackupStore store, string packName, long packLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var objectName = ObjectName(packName);
        if (packLength < PackLayout.HeaderSize + AeadSealer.Overhead + PackLayout.TrailerSize || packLength > PackLayout.MaxPackLength)
        {
            throw FormatErrors.Corrupt(objectName, $"its length {packLength} cannot hold a pack.");
        }

        var tailLength = (int)Math.Min(packLength, TailReadSize);
        var tail = await ReadExactAsync(store, packName, packLength - tailLength, tailLength, cancellationToken).ConfigureAwait(false);
        var sealedIndexLength = ReadTrailer(objectName, packLength, tail.AsSpan(tailLength - PackLayout.TrailerSize));
        var indexStart = packLength - PackLayout.TrailerSize - sealedIndexLength;
        var sealedIndex = sealedIndexLength + PackLayout.TrailerSize <= tailLength
            ? tail.AsMemory(tailLength - PackLayout.TrailerSize - sealedIndexLength, sealedIndexLength)
            : await ReadExactAsync(store, packName, indexStart, sealedIndexLength, cancellationToken).ConfigureAwait(false);
        return OpenIndex(objectName, indexStart, sealedIndex.Span);
    }

    /// <summary>Parses the trailer; returns the sealed index length, bounded by the pack and by the format's maximum.</summary>
    public static int ReadTrailer(string objectName, long packLength, ReadOnlySpan<byte> trailer)
    {
        PackLayout.Format.CheckHeader(trailer[4..], objectName);
        var sealedIndexLength = BinaryPrimitives.ReadInt32LittleEndian(trailer);
        if (sealedIndexLength < AeadSealer.Overhead || sealedIndexLength > PackLayout.MaxIndexLength
            || sealedIndexLength > packLength - PackLayout.HeaderSize - PackLayout.TrailerSize)
        {
            throw FormatErrors.Corrupt(objectName, $"its trailer declares an index of {sealedIndexLength} bytes, which does not fit.");
        }

        return sealedIndexLength;
    }

    /// <summary>Authenticates, decodes and validates a sealed pack index that starts at <paramref name="indexStart"/>.</summary>
    public IReadOnlyList<PackIndexEntry> OpenIndex(string objectName, long indexStart, ReadOnlySpan<byte> sealedIndex)
    {
        var payload = new byte[sealedIndex.Length - AeadSealer.Overhead];
        if (!_metadataSealer.TryOpen(sealedIndex, PackLayout.IndexAssociatedData, payload))
        {
            throw FormatErrors.Corrupt(objectName, "its index fails authentication (altered, truncated, or from another set).");
        }

        var entries = FormatSerializer.DeserializePayload<PackIndex>(payload, objectName).Entries;
        if (PackIndexValidator.FindProblem(entries, indexStart, exactEnd: true) is { } problem)
        {
            throw FormatErrors.Corrupt(objectName, $"its index is invalid: {problem}");
        }

        return entries;
    }

    /// <summary>Fetches one blob with a ranged read and opens it.</summary>
    public async Task<byte[]> ReadBlobAsync(IBackupStore store, string packName, PackIndexEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var sealedBlob = await ReadExactAsync(store, packName, entry.Offset, entry.Length, cancellationToken).ConfigureAwait(false);
        var plaintext = new byte[entry.RawLength];
        OpenBlob(packName, entry, sealedBlob, plaintext);
        return plaintext;
    }

    /// <summary>Authenticates, decompresses and re-hashes one sealed blob into <paramref name="plaintext"/> (exactly RawLength bytes).</summary>
    public void OpenBlob(string packName, PackIndexEntry entry, ReadOnlySpan<byte> sealedBlob, Span<byte> plaintext)
    {
        var objectName = ObjectName(packName);
        if (sealedBlob.Length != entry.Length || entry.Length < AeadSealer.Overhead || plaintext.Length != entry.RawLength)
        {
            throw FormatErrors.Corrupt(objectName, $"blob {entry.Id} is {sealedBlob.Length} bytes, its index says {entry.Length}.");
        }

        Span<byte> associatedData = stackalloc byte[PackLayout.BlobAssociatedDataSize];
        PackLayout.WriteBlobAssociatedData(entry.Id, entry.Type, entry.Compressed, associatedData);
        var bodyLength = entry.Length - AeadSealer.Overhead;
        var rented = entry.Compressed ? BlobBuffers.Rent(bodyLength) : null;
        try
        {
            var body = rented is null ? plaintext : rented.AsSpan(0, bodyLength);
            if (body.Length != bodyLength || !_dataSealer.TryOpen(sealedBlob, associatedData, body))
            {
                throw FormatErrors.Corrupt(objectName, $"blob {entry.Id} fails authentication (altered, or moved under another id or type).");
            }

            if (rented is not null && !_compressor.TryDecompress(body, plaintext))
            {
                throw FormatErrors.Corrupt(objectName, $"blob {entry.Id} does not decompress to its {entry.RawLength} bytes.");
            }
        }
        finally
        {
            if (rented is not null)
            {
                BlobBuffers.Return(rented);
            }
        }

        if (_hasher.Compute(plaintext) != entry.Id)
        {
            throw FormatErrors.Corrupt(objectName, $"blob {entry.Id} decrypts to content with another id.");
        }
    }

    private static async Task<byte[]> ReadExactAsync(IBackupStore store, string packName, long offset, int length, CancellationToken cancellationToken)
    {
        var bytes = new byte[length];
        int read;
        try
        {
            read = await store.ReadRangeAsync(BackupObjectKind.Pack, packName, offset, bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException ex)
        {
            throw FormatErrors.Missing(ObjectName(packName), "the pack is not in the store.", ex);
        }

        return read == length
            ? bytes
            : throw FormatErrors.Corrupt(ObjectName(packName), $"it ends before byte {offset + length} (truncated).");
    }
}
