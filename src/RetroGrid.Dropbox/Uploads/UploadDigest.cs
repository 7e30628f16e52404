namespace RetroGrid.Dropbox;

/// <summary>
/// The content hash of one request body and the block digests it was made from, computed before the request is built
/// (the hash goes in the header). The block digests also feed the whole-file hash, so each byte is hashed once.
/// </summary>
internal sealed record UploadDigest(string ContentHash, byte[] BlockDigests);
