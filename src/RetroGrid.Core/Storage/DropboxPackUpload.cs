using System.Buffers;
using RetroGrid.Core.Formats;
using RetroGrid.Dropbox;

namespace RetroGrid.Core.Storage;

/// <summary>
/// A pack streamed into one Dropbox upload session while it fills, buffered to the client's chunk size so each append
/// is one large request. On completion the session is closed and handed to the committer; the content hash Dropbox
/// reports is checked against the one computed from the bytes sent.
/// </summary>
internal sealed class DropboxPackUpload : IPackUpload
{
    private readonly DropboxClient _client;
    private readonly IPackCommitter _committer;
    private readonly Func<string, string> _pathOfPack;
    private byte[]? _buffer;
    private int _fill;
    private DropboxUploadSession? _session;

    public DropboxPackUpload(DropboxClient client, IPackCommitter committer, Func<string, string> pathOfPack)
    {
        _client = client;
        _committer = committer;
        _pathOfPack = pathOfPack;
        _buffer = ArrayPool<byte>.Shared.Rent(client.Options.UploadChunkSize);
    }

    public long Length { get; private set; }

    private int ChunkSize => _client.Options.UploadChunkSize;

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var buffer = _buffer ?? throw new InvalidOperationException("The pack upload is finished.");
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, ChunkSize - _fill);
            data.Span[..take].CopyTo(buffer.AsSpan(_fill));
            _fill += take;
            Length += take;
            data = data[take..];
            if (_fill == ChunkSize)
            {
                await SendBufferAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<BackupObjectInfo> CompleteAsync(string packName, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken)
    {
        var path = _pathOfPack(packName);
        var buffer = _buffer ?? throw new InvalidOperationException("The pack upload is finished.");
        if (_session is null)
        {
            await SendBufferAsync(cancellationToken).ConfigureAwait(false);
            await _session!.CloseAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _session.CloseAsync(buffer.AsMemory(0, _fill), cancellationToken).ConfigureAwait(false);
            _fill = 0;
        }

        ReturnBuffer();
        var expected = _session.ContentHash;
        var session = new DropboxFinishBatchEntry(_session.Cursor, new DropboxCommitInfo(path), expected);
        var metadata = await _committer.CommitAsync(new PackCommit(packName, session, entries), cancellationToken).ConfigureAwait(false);
        if (metadata.Size != Length || (expected is not null && metadata.ContentHash is { } actual && actual != expected))
        {
            throw new IOException($"Dropbox committed {path} with size {metadata.Size} and hash {metadata.ContentHash}, but {Length} bytes hashing to {expected} were sent.");
        }

        return new BackupObjectInfo(packName, metadata.Size, metadata.ContentHash ?? expected);
    }

    /// <summary>Drops the bytes: an unfinished upload session is never committed and Dropbox expires it.</summary>
    public Task AbortAsync(CancellationToken cancellationToken)
    {
        ReturnBuffer();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        ReturnBuffer();
        return ValueTask.CompletedTask;
    }

    private async Task SendBufferAsync(CancellationToken cancellationToken)
    {
        var chunk = _buffer.AsMemory(0, _fill);
        if (_session is null)
        {
            _session = await _client.StartUploadSessionAsync(chunk, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _session.AppendAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        _fill = 0;
    }

    private void ReturnBuffer()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
