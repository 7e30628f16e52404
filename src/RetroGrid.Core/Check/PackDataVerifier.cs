using System.Buffers;
using System.Security.Cryptography;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Check;

/// <summary>
/// Reads one pack from start to end in windows that never split a blob, opens every blob (authentication,
/// decompression, id re-check), and hashes all bytes: SHA-256 must give the pack's name (this also covers the header,
/// which blob reads never touch) and, where the store lists one, Dropbox's content hash must match.
/// </summary>
internal sealed class PackDataVerifier
{
    private readonly IBackupStore _store;
    private readonly PackReader _packReader;
    private readonly ProblemCollector _problems;
    private readonly int _windowSize;

    public PackDataVerifier(IBackupStore store, PackReader packReader, ProblemCollector problems, int windowSize)
    {
        _store = store;
        _packReader = packReader;
        _problems = problems;
        _windowSize = windowSize;
    }

    /// <summary>Verifies the pack; returns the bytes read.</summary>
    public async Task<long> VerifyAsync(PackRecord pack, CancellationToken cancellationToken)
    {
        var name = pack.Info.Name;
        var objectName = PackReader.ObjectName(name);
        var entries = pack.Entries?.OrderBy(e => e.Offset).ToArray() ?? [];
        using var sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var dropboxHash = pack.Info.ContentHash is null ? null : new DropboxContentHasher();
        long position = 0;
        var next = 0;
        while (position < pack.Info.Size)
        {
            var first = next;
            var end = NextWindowEnd(entries, position, pack.Info.Size, ref next);
            var window = new byte[checked((int)(end - position))];
            try
            {
                window = window[..await _store.ReadRangeAsync(BackupObjectKind.Pack, name, position, window, cancellationToken).ConfigureAwait(false)];
            }
            catch (FileNotFoundException)
            {
                _problems.Add(CheckArea.Data, FormatErrorCodes.MissingObject, objectName, "the pack disappeared while it was being read.");
                return position;
            }

            sha256.AppendData(window);
            dropboxHash?.Append(window);
            if (window.Length != end - position)
            {
                _problems.Add(CheckArea.Data, FormatErrorCodes.CorruptObject, objectName, $"it ends at byte {position + window.Length}, before its listed size {pack.Info.Size}.");
                return position + window.Length;
            }

            for (var i = first; i < next; i++)
            {
                OpenBlob(name, entries[i], window.AsSpan(checked((int)(entries[i].Offset - position)), entries[i].Length));
            }

            position = end;
        }

        if (!string.Equals(Convert.ToHexStringLower(sha256.GetHashAndReset()), name, StringComparison.Ordinal))
        {
            _problems.Add(CheckArea.Data, FormatErrorCodes.CorruptObject, objectName, "its bytes do not hash to its name: the pack was altered.");
        }

        if (dropboxHash is not null && !string.Equals(dropboxHash.GetHashAndReset(), pack.Info.ContentHash, StringComparison.OrdinalIgnoreCase))
        {
            _problems.Add(CheckArea.Data, FormatErrorCodes.CorruptObject, objectName, "the bytes downloaded do not match the content_hash Dropbox lists for it.");
        }

        return position;
    }

    /// <summary>
    /// The end of the next read window: a run of whole blobs up to the window size (a larger blob alone), or a stretch
    /// of non-blob bytes (header, index, trailer) up to the next blob. Advances <paramref name="next"/> past the blobs taken.
    /// </summary>
    private long NextWindowEnd(PackIndexEntry[] entries, long position, long size, ref int next)
    {
        if (next < entries.Length && entries[next].Offset == position)
        {
            var end = position;
            while (next < entries.Length && entries[next].Offset == end && (end == position || end + entries[next].Length - position <= _windowSize))
            {
                end += entries[next].Length;
                next++;
            }

            return Math.Min(end, size);
        }

        var limit = next < entries.Length && entries[next].Offset > position ? entries[next].Offset : size;
        return Math.Min(limit, position + _windowSize);
    }

    private void OpenBlob(string packName, PackIndexEntry entry, ReadOnlySpan<byte> sealedBlob)
    {
        var plaintext = ArrayPool<byte>.Shared.Rent(entry.RawLength);
        try
        {
            _packReader.OpenBlob(packName, entry, sealedBlob, plaintext.AsSpan(0, entry.RawLength));
        }
        catch (RetroGridFormatException ex)
        {
            _problems.Add(CheckArea.Data, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(plaintext);
        }
    }
}
