using System.Buffers.Binary;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Packs;

/// <summary>
/// Byte layout of a pack (docs/format.md): header "RGPK" v1 ‖ sealed blobs ‖ sealed pack index ‖ trailer, where the
/// trailer is the sealed index length (u32 LE) followed by the same 6-byte header, so a reader that starts from the
/// end checks magic and version without reading the start.
/// </summary>
internal static class PackLayout
{
    public const int HeaderSize = ObjectFormat.HeaderSize;
    public const int TrailerSize = 4 + ObjectFormat.HeaderSize;

    /// <summary>Largest plaintext of one blob (chunks are far smaller; trees of huge directories need room).</summary>
    public const int MaxBlobLength = 128 * 1024 * 1024;

    /// <summary>Largest sealed pack index accepted from a trailer: bounds the allocation a hostile trailer can cause.</summary>
    public const int MaxIndexLength = 64 * 1024 * 1024;

    /// <summary>Packs stay below 4 GiB, so offsets fit the compact in-memory index.</summary>
    public const long MaxPackLength = uint.MaxValue;

    public const int BlobAssociatedDataSize = BlobId.Size + 1 + 2 + 1;

    public static ObjectFormat Format => ObjectFormats.Pack;

    public static ReadOnlySpan<byte> IndexAssociatedData => "pack-index"u8;

    public static int MaxSealedBlobLength => MaxBlobLength + AeadSealer.Overhead;

    /// <summary>blob id ‖ type ‖ pack version (u16 LE) ‖ compressed flag: a blob cannot be moved, relabelled or re-flagged.</summary>
    public static void WriteBlobAssociatedData(BlobId id, BlobType type, bool compressed, Span<byte> destination)
    {
        id.WriteTo(destination);
        destination[BlobId.Size] = (byte)type;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(BlobId.Size + 1)..], Format.Version);
        destination[BlobId.Size + 3] = compressed ? (byte)1 : (byte)0;
    }

    public static void WriteTrailer(int sealedIndexLength, Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32LittleEndian(destination, sealedIndexLength);
        Format.WriteHeader(destination[4..TrailerSize]);
    }
}
