using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>
/// <c>delete_v2</c> and <c>delete_batch</c>. The batch runs at once under one write-lock acquisition but answers
/// with an <c>async_job_id</c>, so clients exercise the polling path; <c>delete_batch/check</c> then reports
/// <c>complete</c>.
/// </summary>
internal static class DeleteRoutes
{
    public static void Register(ApiRouter router)
    {
        router.Add("files/delete_v2", RouteStyle.Rpc, Scopes.FilesContentWrite, DeleteAsync);
        router.Add("files/delete_batch", RouteStyle.Rpc, Scopes.FilesContentWrite, DeleteBatchAsync);
        router.Add("files/delete_batch/check", RouteStyle.Rpc, Scopes.FilesContentWrite, CheckAsync);
    }

    private static Task DeleteAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.WriteOrId);
        var parentRev = call.Args.OptionalRev("parent_rev");
        using (call.Services.WriteLock.Enter())
        {
            try
            {
                return call.OkAsync(new JsonObject { ["metadata"] = call.Services.Files.Delete(path, parentRev) });
            }
            catch (StoreException error)
            {
                throw ApiErrorException.Route(DeleteError(error));
            }
        }
    }

    /// <summary><c>DeleteError</c>: <c>path_lookup</c> (LookupError) or <c>path_write</c> (WriteError), both nested.</summary>
    private static JsonObject DeleteError(StoreException error) =>
        Stone.Nested(error.IsWrite ? "path_write" : "path_lookup", error.Error);

    private static Task DeleteBatchAsync(ApiCall call)
    {
        var entries = call.Args.RequiredList("entries", 1000)
            .Select(e => (Path: e.RequiredPath("path", PathPatterns.WriteOrId), ParentRev: e.OptionalRev("parent_rev")))
            .ToList();
        var results = new JsonArray();
        var files = call.Services.Files;
        using (call.Services.WriteLock.Enter())
        {
            foreach (var (path, parentRev) in entries)
            {
                try
                {
                    results.Add(Stone.Flat("success", new JsonObject { ["metadata"] = files.Delete(path, parentRev, persist: false) }));
                }
                catch (StoreException error)
                {
                    results.Add(Stone.Nested("failure", DeleteError(error)));
                }
            }

            files.PersistNow();
        }

        var jobId = "dbjid:" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        call.Services.Jobs[jobId] = new JsonObject { [".tag"] = "complete", ["entries"] = results };
        return call.OkAsync(new JsonObject { [".tag"] = "async_job_id", ["async_job_id"] = jobId });
    }

    private static Task CheckAsync(ApiCall call)
    {
        var jobId = call.Args.RequiredString("async_job_id");
        if (!call.Services.Jobs.TryGetValue(jobId, out var result))
        {
            throw ApiErrorException.Route(Stone.Tag("invalid_async_job_id"));
        }

        return call.OkAsync(result.DeepClone());
    }
}
