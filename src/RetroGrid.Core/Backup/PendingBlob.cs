using RetroGrid.Core.Chunking;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Backup;

/// <summary>A hashed blob on its way to a pack; owns its pooled bytes until the packer has sealed them.</summary>
internal sealed record PendingBlob(BlobId Id, BlobType Type, PooledChunk Chunk) : IDisposable
{
    public void Dispose() => Chunk.Dispose();
}
