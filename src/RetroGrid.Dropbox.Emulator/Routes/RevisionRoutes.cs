using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary><c>list_revisions</c> and <c>restore</c>.</summary>
internal static class RevisionRoutes
{
    private static readonly string[] Modes = ["path", "id"];

    public static void Register(ApiRouter router)
    {
        router.Add("files/list_revisions", RouteStyle.Rpc, Scopes.FilesMetadataRead, ListRevisionsAsync);
        router.Add("files/restore", RouteStyle.Rpc, Scopes.FilesContentWrite, RestoreAsync);
    }

    private static Task ListRevisionsAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.PathOrId);
        var (mode, _) = call.Args.Union("mode", "path", Modes);
        var limit = (int)call.Args.UInt32InRange("limit", 10, 1, 100);
        if (mode == "id" && !path.StartsWith("id:", StringComparison.Ordinal))
        {
            throw ApiErrorException.Route(Stone.Nested("path", Stone.Tag("malformed_path")));
        }

        try
        {
            return call.OkAsync(call.Services.Files.ListRevisions(path, limit));
        }
        catch (StoreException error)
        {
            throw ApiErrorException.Route(Stone.Nested("path", error.Error));
        }
    }

    private static Task RestoreAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.Write);
        var rev = call.Args.OptionalRev("rev") ?? throw ApiErrorException.BadInput("rev: missing required field");
        using (call.Services.WriteLock.Enter())
        {
            try
            {
                return call.OkAsync(call.Services.Files.Restore(path, rev));
            }
            catch (StoreException error) when (error.Error[".tag"]?.GetValue<string>() == "invalid_revision")
            {
                throw ApiErrorException.Route(error.Error);
            }
            catch (StoreException error)
            {
                throw ApiErrorException.Route(Stone.Nested(error.IsWrite ? "path_write" : "path_lookup", error.Error));
            }
        }
    }
}
