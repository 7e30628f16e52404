using RetroGrid.Contracts.V1;
using RetroGrid.Core.Storage;
using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Service;

/// <summary>
/// Hands finished packs (and the job's index files and snapshot) to the controller's commit coordinator instead of
/// committing them here: it merges every agent's sessions into batched <c>finish_batch_v2</c> calls, one at a time per
/// Dropbox account, and indexes a pack for the fleet's dedup once it is committed.
/// </summary>
internal sealed class ControllerPackCommitter(AgentService.AgentServiceClient controller, string setId, string jobId) : IPackCommitter
{
    public async Task<DropboxFileMetadata> CommitAsync(PackCommit pack, CancellationToken cancellationToken)
    {
        var cursor = pack.Session.Cursor;
        var request = new CommitPackRequest
        {
            SetId = setId,
            JobId = jobId,
            PackName = pack.PackName,
            UploadSessionId = cursor.SessionId,
            Length = cursor.Offset,
            ContentHash = pack.Session.ExpectedContentHash ?? string.Empty,
            Kind = pack.Kind switch
            {
                BackupObjectKind.Index => StoredObjectKind.Index,
                BackupObjectKind.Snapshot => StoredObjectKind.Snapshot,
                _ => StoredObjectKind.Pack,
            },
        };
        foreach (var entry in pack.Entries)
        {
            request.Entries.Add(new PackEntry
            {
                BlobId = Google.Protobuf.ByteString.CopyFrom(entry.Id.ToArray()),
                Type = entry.Type == Core.Hashing.BlobType.Tree ? Contracts.V1.BlobType.Tree : Contracts.V1.BlobType.Data,
                Offset = entry.Offset,
                Length = entry.Length,
                RawLength = entry.RawLength,
                Compressed = entry.Compressed,
            });
        }

        var response = await controller.CommitPackAsync(request, cancellationToken: cancellationToken);
        return new DropboxFileMetadata
        {
            Name = pack.PackName,
            PathDisplay = response.Path,
            PathLower = response.Path.ToLowerInvariant(),
            Size = cursor.Offset,
            ContentHash = response.ContentHash,
        };
    }

    /// <summary>Nothing is held here: each pack is handed over as soon as it is finished, and batched by the controller.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
