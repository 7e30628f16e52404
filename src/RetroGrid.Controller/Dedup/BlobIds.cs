using Google.Protobuf;
using Google.Protobuf.Collections;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Controller.Dedup;

/// <summary>Blob ids as agents send them: 32 bytes each, in batches the controller bounds.</summary>
internal static class BlobIds
{
    /// <summary>The most ids one FindMissingBlobs call may carry (agent.proto).</summary>
    public const int MaxBatch = 10_000;

    public static BlobId[] Parse(RepeatedField<ByteString> ids)
    {
        if (ids.Count > MaxBatch)
        {
            throw new ControllerException(ControllerErrorCodes.MalformedAgentRequest, $"{ids.Count} blob ids in one call; at most {MaxBatch} are allowed.");
        }

        var parsed = new BlobId[ids.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            parsed[i] = Parse(ids[i], i);
        }

        return parsed;
    }

    public static BlobId Parse(ByteString id, int position) => id.Length == BlobId.Size
        ? BlobId.FromBytes(id.Span)
        : throw new ControllerException(ControllerErrorCodes.MalformedAgentRequest, $"Blob id {position} is {id.Length} bytes, not {BlobId.Size}.");
}
