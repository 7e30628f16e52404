using MessagePack;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Formats;

/// <summary>Where one blob lives in its pack and how to open it.</summary>
/// <param name="Id">The blob id (keyed hash of the plaintext).</param>
/// <param name="Type">Data or tree.</param>
/// <param name="Offset">Byte offset of the sealed blob in the pack.</param>
/// <param name="Length">Sealed length in the pack (stored bytes, including nonce and tag).</param>
/// <param name="RawLength">Plaintext length.</param>
/// <param name="Compressed">Whether the sealed bytes hold zstd output rather than the plaintext.</param>
[MessagePackObject]
public readonly record struct PackIndexEntry(
    [property: Key(0)] BlobId Id,
    [property: Key(1)] BlobType Type,
    [property: Key(2)] long Offset,
    [property: Key(3)] int Length,
    [property: Key(4)] int RawLength,
    [property: Key(5)] bool Compressed);
