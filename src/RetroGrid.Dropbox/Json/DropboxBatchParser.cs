using System.Text.Json;

namespace RetroGrid.Dropbox;

/// <summary>Reads the batch unions by hand: <c>success</c> carries a flattened struct, <c>failure</c> a nested union.</summary>
internal static class DropboxBatchParser
{
    public static DropboxDeleteBatchStatus ParseDeleteBatchStatus(JsonElement root)
    {
        var tag = GetTag(root);
        return new DropboxDeleteBatchStatus
        {
            Tag = tag,
            AsyncJobId = root.TryGetProperty("async_job_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null,
            Entries = tag == "complete" ? ParseEntries(root, "files/delete_batch", ParseDeleteSuccess) : [],
            Failure = tag == "failed" && root.TryGetProperty("failed", out var failed) ? ToError("files/delete_batch", failed) : null,
        };
    }

    public static IReadOnlyList<DropboxBatchEntryResult<DropboxFileMetadata>> ParseFinishBatch(JsonElement root) =>
        ParseEntries(root, "files/upload_session/finish_batch_v2", e => e.Deserialize(DropboxJsonContext.Default.DropboxFileMetadata)!);

    public static DropboxError ToError(string route, JsonElement failure)
    {
        var tagPath = DropboxErrorTags.GetTagPath(failure) ?? string.Empty;
        return new DropboxError(tagPath, DropboxErrorClassifier.Classify(route, System.Net.HttpStatusCode.Conflict, tagPath), failure.Clone());
    }

    private static DropboxMetadata ParseDeleteSuccess(JsonElement entry) =>
        entry.TryGetProperty("metadata", out var metadata)
            ? DropboxMetadataConverter.FromElement(metadata)
            : throw new JsonException("A delete_batch success entry has no metadata.");

    private static List<DropboxBatchEntryResult<T>> ParseEntries<T>(JsonElement root, string route, Func<JsonElement, T> success)
        where T : DropboxMetadata
    {
        if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("The batch result has no entries.");
        }

        var results = new List<DropboxBatchEntryResult<T>>(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            results.Add(GetTag(entry) switch
            {
                "success" => new DropboxBatchEntryResult<T>(success(entry), null),
                "failure" when entry.TryGetProperty("failure", out var failure) => new DropboxBatchEntryResult<T>(null, ToError(route, failure)),
                var other => new DropboxBatchEntryResult<T>(
                    null, new DropboxError(other, RetroGridErrorCodes.UnexpectedResponse, entry.Clone())),
            });
        }

        return results;
    }

    private static string GetTag(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(".tag", out var tag) && tag.ValueKind == JsonValueKind.String
            ? tag.GetString()!
            : string.Empty;
}
