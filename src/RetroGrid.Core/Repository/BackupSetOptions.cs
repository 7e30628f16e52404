using RetroGrid.Core.Chunking;
using RetroGrid.Core.Compression;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Packs;

namespace RetroGrid.Core.Repository;

/// <summary>Choices fixed when a backup set is created.</summary>
public sealed class BackupSetOptions
{
    /// <summary>Chunk sizes and seed; null → <see cref="ChunkerParameters.CreateDefault"/> (fresh secret seed).</summary>
    public ChunkerParameters? Chunker { get; set; }

    public int CompressionLevel { get; set; } = BlobCompressors.DefaultLevel;

    public int PackTargetSize { get; set; } = PackWriter.DefaultTargetSize;

    /// <summary>Cost of the passphrase KDF; null → the key file's default.</summary>
    public KdfParameters? Kdf { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
