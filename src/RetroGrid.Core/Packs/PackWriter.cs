using System.Security.Cryptography;
using RetroGrid.Core.Chunking;
using RetroGrid.Core.Compression;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Packs;

/// <summary>
/// Writes one pack, streaming each sealed blob to the sink as it is added: memory is one blob plus the index, never
/// the pack. The pack's name (SHA-256) is computed on the way out, so it needs no second pass; a store that has its
/// own content hash (Dropbox) computes it as it uploads. Not thread-safe: one writer feeds one pack.
/// </summary>
public sealed class PackWriter : IDisposable
{
    public const int DefaultTargetSize = 32 * 1024 * 1024;

    private readonly IPackSink _sink;
    private readonly AeadSealer _dataSealer;
    private readonly AeadSealer _metadataSealer;
    private readonly IBlobCompressor _compressor;
    private readonly List<PackIndexEntry> _entries = [];
    private readonly HashSet<BlobId> _ids = [];
    private readonly byte[]? _sealBuffer;
    private readonly IncrementalHash _name = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private bool _finished;

    public PackWriter(IPackSink sink, SetKeys keys, IBlobCompressor compressor, int targetSize = DefaultTargetSize)
        : this(sink, keys, compressor, targetSize, sealBuffer: null)
    {
    }

    /// <summary>
    /// As the public constructor, sealing every blob that fits into <paramref name="sealBuffer"/> (the rest into pooled
    /// buffers): the caller keeps it across packs, one exact buffer instead of pooled ones of every power of two a
    /// blob's size rounds up to.
    /// </summary>
    internal PackWriter(IPackSink sink, SetKeys keys, IBlobCompressor compressor, int targetSize, byte[]? sealBuffer)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(compressor);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetSize, SetConfig.MaxPackTargetSize);
        _sink = sink;
        _dataSealer = new AeadSealer(keys.Data);
        _metadataSealer = new AeadSealer(keys.Metadata);
        _compressor = compressor;
        TargetSize = targetSize;
        _sealBuffer = sealBuffer;
    }

    public int TargetSize { get; }

    /// <summary>Bytes written so far.</summary>
    public long Length { get; private set; }

    public int Count => _entries.Count;

    /// <summary>True once the pack reached its target size: finish it and start another.</summary>
    public bool IsFull => Length >= TargetSize;

    public IReadOnlyList<PackIndexEntry> Entries => _entries;

    public bool Contains(BlobId id) => _ids.Contains(id);

    /// <summary>Compresses (if that shrinks it), seals and writes one blob. The caller computed <paramref name="id"/> from the plaintext.</summary>
    public async ValueTask<PackIndexEntry> AddAsync(BlobId id, BlobType type, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (type is not (BlobType.Data or BlobType.Tree))
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "Only data and tree blobs go into packs.");
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThan(plaintext.Length, PackLayout.MaxBlobLength, nameof(plaintext));
        if (Length + plaintext.Length + AeadSealer.Overhead + PackLayout.TrailerSize > PackLayout.MaxPackLength)
        {
            throw new InvalidOperationException("The pack would exceed the maximum pack length; finish it first.");
        }

        if (!_ids.Add(id))
        {
            throw new ArgumentException($"Blob {id} is already in this pack.", nameof(id));
        }

        if (Length == 0)
        {
            await WriteAsync(PackLayout.Format.Header(), cancellationToken).ConfigureAwait(false);
        }

        var (buffer, sealedLength, compressed) = SealBlob(id, type, plaintext.Span);
        try
        {
            var entry = new PackIndexEntry(id, type, Length, sealedLength, plaintext.Length, compressed);
            await WriteAsync(buffer.AsMemory(0, sealedLength), cancellationToken).ConfigureAwait(false);
            _entries.Add(entry);
            return entry;
        }
        finally
        {
            if (buffer != _sealBuffer)
            {
                BlobBuffers.Return(buffer);
            }
        }
    }

    /// <summary>Writes the sealed index and the trailer; returns the pack's name, hashes and index.</summary>
    public async ValueTask<PackWriteResult> FinishAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        if (_entries.Count == 0)
        {
            throw new InvalidOperationException("An empty pack is never written.");
        }

        _finished = true;
        var payload = FormatSerializer.SerializePayload(new PackIndex { Entries = _entries });
        var tail = new byte[payload.Length + AeadSealer.Overhead + PackLayout.TrailerSize];
        var sealedLength = payload.Length + AeadSealer.Overhead;
        _metadataSealer.Seal(payload, PackLayout.IndexAssociatedData, tail.AsSpan(0, sealedLength));
        PackLayout.WriteTrailer(sealedLength, tail.AsSpan(sealedLength));
        await WriteAsync(tail, cancellationToken).ConfigureAwait(false);
        var name = Convert.ToHexStringLower(_name.GetHashAndReset());
        return new PackWriteResult(name, Length, [.. _entries]);
    }

    public void Dispose()
    {
        _finished = true;
        _name.Dispose();
    }

    /// <summary>
    /// Returns the seal buffer or a pooled one holding the sealed blob; the caller returns a pooled one. One buffer serves both
    /// steps: zstd writes straight into the sealed body's place, which is then encrypted in place. Only a body that
    /// shrinks is kept, so the plaintext's length plus the overhead always suffices.
    /// </summary>
    private (byte[] Buffer, int SealedLength, bool Compressed) SealBlob(BlobId id, BlobType type, ReadOnlySpan<byte> plaintext)
    {
        var buffer = _sealBuffer?.Length >= plaintext.Length + AeadSealer.Overhead ? _sealBuffer : BlobBuffers.Rent(plaintext.Length + AeadSealer.Overhead);
        var compressedLength = plaintext.IsEmpty ? -1 : _compressor.TryCompress(plaintext, buffer.AsSpan(AeadSealer.NonceSize, plaintext.Length - 1));
        var compressed = compressedLength >= 0;
        Span<byte> associatedData = stackalloc byte[PackLayout.BlobAssociatedDataSize];
        PackLayout.WriteBlobAssociatedData(id, type, compressed, associatedData);
        var sealedLength = (compressed ? compressedLength : plaintext.Length) + AeadSealer.Overhead;
        if (compressed)
        {
            _dataSealer.SealInPlace(buffer.AsSpan(0, sealedLength), associatedData);
        }
        else
        {
            _dataSealer.Seal(plaintext, associatedData, buffer.AsSpan(0, sealedLength));
        }

        return (buffer, sealedLength, compressed);
    }

    private async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        _name.AppendData(data.Span);
        await _sink.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        Length += data.Length;
    }
}
