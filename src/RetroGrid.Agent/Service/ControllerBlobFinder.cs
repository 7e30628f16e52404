using Google.Protobuf;
using RetroGrid.Agent.Cli;
using RetroGrid.Contracts.V1;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Index;

namespace RetroGrid.Agent.Service;

/// <summary>
/// "Which of these blobs are new?" asked of the controller, which answers for the whole set across every agent: a
/// blob another workstation stored, or is storing right now, is not uploaded again.
/// </summary>
internal sealed class ControllerBlobFinder(AgentService.AgentServiceClient controller, string setId, string jobId) : IMissingBlobFinder
{
    /// <summary>
    /// Chunks gathered per call. The engine also bounds a batch to a few MiB, so this matters for small files: 256
    /// of them per round trip keeps the calls few without holding much.
    /// </summary>
    public int QueryBatchSize => 256;

    public async ValueTask<IReadOnlyList<BlobId>> FindMissingAsync(IReadOnlyList<BlobId> ids, CancellationToken cancellationToken)
    {
        var request = new FindMissingBlobsRequest { SetId = setId, JobId = jobId };
        foreach (var id in ids)
        {
            request.BlobIds.Add(ByteString.CopyFrom(id.ToArray()));
        }

        var response = await controller.FindMissingBlobsAsync(request, cancellationToken: cancellationToken);
        var missing = new List<BlobId>(response.MissingIndexes.Count);
        foreach (var index in response.MissingIndexes)
        {
            missing.Add(index < ids.Count
                ? ids[(int)index]
                : throw new AgentServiceException(AgentErrorCodes.ControllerAnswerInvalid, $"The controller named blob {index} of a batch of {ids.Count}."));
        }

        return missing;
    }

    public async ValueTask ConfirmHeldAsync(CancellationToken cancellationToken)
    {
        var response = await controller.ConfirmBlobsAsync(new ConfirmBlobsRequest { SetId = setId, JobId = jobId }, cancellationToken: cancellationToken);
        if (response.MissingBlobIds.Count > 0)
        {
            throw new AgentServiceException(
                AgentErrorCodes.SharedBlobsNotStored,
                $"{response.MissingBlobIds.Count} blobs another backup of the set was storing never arrived; this backup wrote no snapshot.");
        }
    }
}
