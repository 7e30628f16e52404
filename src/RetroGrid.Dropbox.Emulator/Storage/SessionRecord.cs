namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>Persisted state of an upload session (sessions/&lt;name&gt;.json next to its .data file).</summary>
internal sealed class SessionRecord
{
    public string Id { get; set; } = "";

    public bool Concurrent { get; set; }

    public bool Closed { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Sequential: bytes received. Concurrent: total size, known once the closing chunk arrived.</summary>
    public long Length { get; set; }

    /// <summary>Sequential sessions: digests of the completed 4 MiB blocks.</summary>
    public List<byte[]> BlockDigests { get; set; } = [];

    /// <summary>Concurrent sessions: the chunks received, by offset.</summary>
    public List<ChunkRecord> Chunks { get; set; } = [];
}
