namespace RetroGrid.Core.Hashing;

/// <summary>Names blobs: a keyed hash of the plaintext, so equal content dedupes and ids reveal nothing without the key.</summary>
public interface IBlobIdHasher
{
    BlobId Compute(ReadOnlySpan<byte> plaintext);
}
