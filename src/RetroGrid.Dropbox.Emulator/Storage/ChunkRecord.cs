namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>One chunk of a concurrent upload session, with the digests of the 4 MiB blocks it covers.</summary>
internal sealed class ChunkRecord
{
    public long Offset { get; set; }

    public long Length { get; set; }

    public List<byte[]> BlockDigests { get; set; } = [];
}
