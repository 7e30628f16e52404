using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary><c>list_folder</c>, <c>list_folder/continue</c> and <c>get_metadata</c>.</summary>
internal static class ListRoutes
{
    public static void Register(ApiRouter router)
    {
        router.Add("files/list_folder", RouteStyle.Rpc, Scopes.FilesMetadataRead, ListFolderAsync);
        router.Add("files/list_folder/continue", RouteStyle.Rpc, Scopes.FilesMetadataRead, ContinueAsync);
        router.Add("files/get_metadata", RouteStyle.Rpc, Scopes.FilesMetadataRead, GetMetadataAsync);
    }

    private static Task ListFolderAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.RootOrId);
        var recursive = call.Args.Bool("recursive", false);
        var includeDeleted = call.Args.Bool("include_deleted", false);
        var limit = (int)call.Args.UInt32InRange("limit", 2000, 1, 2000);
        try
        {
            return call.OkAsync(call.Services.Files.ListFolder(path, recursive, includeDeleted, limit));
        }
        catch (StoreException error)
        {
            throw ApiErrorException.Route(Stone.Nested("path", error.Error));
        }
    }

    private static Task ContinueAsync(ApiCall call)
    {
        var cursor = call.Args.RequiredString("cursor");
        if (cursor.Length == 0)
        {
            throw ApiErrorException.BadInput("cursor: '' needs to be at least 1 characters");
        }

        var page = call.Services.Files.ListContinue(cursor) ?? throw ApiErrorException.Route(Stone.Tag("reset"));
        return call.OkAsync(page);
    }

    private static Task GetMetadataAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.Read);
        var includeDeleted = call.Args.Bool("include_deleted", false);
        try
        {
            return call.OkAsync(call.Services.Files.GetMetadata(path, includeDeleted));
        }
        catch (StoreException error)
        {
            throw ApiErrorException.Route(Stone.Nested("path", error.Error));
        }
    }
}
