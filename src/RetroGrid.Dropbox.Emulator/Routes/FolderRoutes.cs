using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary><c>create_folder_v2</c>.</summary>
internal static class FolderRoutes
{
    public static void Register(ApiRouter router) =>
        router.Add("files/create_folder_v2", RouteStyle.Rpc, Scopes.FilesContentWrite, CreateFolderAsync);

    private static Task CreateFolderAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.Write);
        var autorename = call.Args.Bool("autorename", false);
        using (call.Services.WriteLock.Enter())
        {
            try
            {
                return call.OkAsync(new JsonObject { ["metadata"] = call.Services.Files.CreateFolder(path, autorename) });
            }
            catch (StoreException error)
            {
                throw ApiErrorException.Route(Stone.Nested("path", error.Error));
            }
        }
    }
}
