using System.Runtime.CompilerServices;
using System.Text.Json;

namespace RetroGrid.Dropbox;

public sealed partial class DropboxClient
{
    /// <summary><c>files/list_folder</c>: the first page. Use <c>""</c> for the root.</summary>
    public Task<DropboxListFolderResult> ListFolderAsync(
        string path, bool recursive = false, bool includeDeleted = false, int? limit = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var arg = JsonSerializer.Serialize(new ListFolderArg(path, recursive, includeDeleted, limit), DropboxJsonContext.Default.ListFolderArg);
        return CallRpcAsync("files/list_folder", arg, DropboxJsonContext.Default.DropboxListFolderResult, null, cancellationToken);
    }

    /// <summary><c>files/list_folder/continue</c>: the next page, or the changes since a saved cursor.</summary>
    public Task<DropboxListFolderResult> ListFolderContinueAsync(string cursor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(cursor);
        var arg = JsonSerializer.Serialize(new ListFolderContinueArg(cursor), DropboxJsonContext.Default.ListFolderContinueArg);
        return CallRpcAsync("files/list_folder/continue", arg, DropboxJsonContext.Default.DropboxListFolderResult, null, cancellationToken);
    }

    /// <summary>Every entry of a folder, paging through <c>list_folder</c> and <c>continue</c> as the caller enumerates.</summary>
    public async IAsyncEnumerable<DropboxMetadata> ListFolderAllAsync(
        string path, bool recursive = false, bool includeDeleted = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var page = await ListFolderAsync(path, recursive, includeDeleted, cancellationToken: cancellationToken).ConfigureAwait(false);
        while (true)
        {
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            if (!page.HasMore)
            {
                yield break;
            }

            page = await ListFolderContinueAsync(page.Cursor, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>files/get_metadata</c>. The root folder is not supported by Dropbox.</summary>
    public Task<DropboxMetadata> GetMetadataAsync(string path, bool includeDeleted = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var arg = JsonSerializer.Serialize(new GetMetadataArg(path, includeDeleted), DropboxJsonContext.Default.GetMetadataArg);
        return CallRpcAsync("files/get_metadata", arg, DropboxJsonContext.Default.DropboxMetadata, null, cancellationToken);
    }

    /// <summary><c>files/delete_v2</c>: deletes a file or a folder (recursively); returns its metadata as it was.</summary>
    public async Task<DropboxMetadata> DeleteAsync(string path, string? parentRev = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var arg = JsonSerializer.Serialize(new DeleteArg(path, parentRev), DropboxJsonContext.Default.DeleteArg);
        var result = await CallRpcAsync("files/delete_v2", arg, DropboxJsonContext.Default.MetadataResult, null, cancellationToken).ConfigureAwait(false);
        return result.Metadata;
    }

    /// <summary><c>files/create_folder_v2</c>. A repeat whose first attempt may have landed is re-checked, not reported as a conflict.</summary>
    public async Task<DropboxFolderMetadata> CreateFolderAsync(string path, bool autorename = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var arg = JsonSerializer.Serialize(new CreateFolderArg(path, autorename), DropboxJsonContext.Default.CreateFolderArg);
        var state = new DropboxCallState();
        try
        {
            var result = await CallRpcAsync("files/create_folder_v2", arg, DropboxJsonContext.Default.FolderMetadataResult, state, cancellationToken)
                .ConfigureAwait(false);
            return result.Metadata;
        }
        catch (DropboxApiException ex) when (state.MayHaveLanded && !autorename && ex.HasTag("path/conflict/folder"))
        {
            if (await GetMetadataAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false) is DropboxFolderMetadata folder)
            {
                return folder;
            }

            throw;
        }
    }

    /// <summary><c>files/list_revisions</c> (path mode).</summary>
    public Task<DropboxRevisions> ListRevisionsAsync(string path, int limit = 10, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var arg = JsonSerializer.Serialize(new ListRevisionsArg(path, limit), DropboxJsonContext.Default.ListRevisionsArg);
        return CallRpcAsync("files/list_revisions", arg, DropboxJsonContext.Default.DropboxRevisions, null, cancellationToken);
    }

    /// <summary><c>files/restore</c>: brings back revision <paramref name="rev"/> at <paramref name="path"/>.</summary>
    public Task<DropboxFileMetadata> RestoreAsync(string path, string rev, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(rev);
        var arg = JsonSerializer.Serialize(new RestoreArg(path, rev), DropboxJsonContext.Default.RestoreArg);
        return CallRpcAsync("files/restore", arg, DropboxJsonContext.Default.DropboxFileMetadata, null, cancellationToken);
    }

    /// <summary><c>files/delete_batch</c>: launches the deletion of up to 1000 paths; may already be complete.</summary>
    public async Task<DropboxDeleteBatchStatus> StartDeleteBatchAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(paths.Count, 1000);
        var arg = JsonSerializer.Serialize(
            new DeleteBatchArg([.. paths.Select(p => new DeleteArg(p, null))]), DropboxJsonContext.Default.DeleteBatchArg);
        var element = await CallRpcAsync("files/delete_batch", arg, DropboxJsonContext.Default.JsonElement, null, cancellationToken).ConfigureAwait(false);
        return ParseAnswer("files/delete_batch", element, DropboxBatchParser.ParseDeleteBatchStatus);
    }

    /// <summary><c>files/delete_batch/check</c>.</summary>
    public async Task<DropboxDeleteBatchStatus> CheckDeleteBatchAsync(string asyncJobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(asyncJobId);
        var arg = JsonSerializer.Serialize(new AsyncJobIdArg(asyncJobId), DropboxJsonContext.Default.AsyncJobIdArg);
        var element = await CallRpcAsync("files/delete_batch/check", arg, DropboxJsonContext.Default.JsonElement, null, cancellationToken)
            .ConfigureAwait(false);
        return ParseAnswer("files/delete_batch/check", element, DropboxBatchParser.ParseDeleteBatchStatus);
    }

    /// <summary>Deletes up to 1000 paths and polls until Dropbox reports the job complete or failed.</summary>
    public async Task<DropboxDeleteBatchStatus> DeleteBatchAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var status = await StartDeleteBatchAsync(paths, cancellationToken).ConfigureAwait(false);
        while (status is { Tag: "async_job_id" or "in_progress", AsyncJobId: { } jobId })
        {
            await Task.Delay(Options.BatchPollInterval, _executor.TimeProvider, cancellationToken).ConfigureAwait(false);
            var next = await CheckDeleteBatchAsync(jobId, cancellationToken).ConfigureAwait(false);
            status = next.AsyncJobId is null ? next with { AsyncJobId = jobId } : next;
        }

        return status;
    }

    private static T ParseAnswer<T>(string route, JsonElement element, Func<JsonElement, T> parse)
    {
        try
        {
            return parse(element);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new DropboxApiException(
                RetroGridErrorCodes.UnexpectedResponse, route, System.Net.HttpStatusCode.OK, null, element, detail: "The answer does not have the expected shape.", innerException: ex);
        }
    }
}
