using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary><c>files/upload</c>: the body streams to a temp file, then is committed by rename.</summary>
internal static class UploadRoutes
{
    public static void Register(ApiRouter router) =>
        router.Add("files/upload", RouteStyle.Upload, Scopes.FilesContentWrite, UploadAsync);

    private static async Task UploadAsync(ApiCall call)
    {
        var commit = CommitArgs.Parse(call.Args);
        var expectedHash = call.Args.OptionalHash("content_hash");
        var services = call.Services;
        var temp = services.NewTempFile();
        using var hasher = new ContentHashAccumulator();
        try
        {
            long size;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1))
            {
                size = await BodyReceiver.ReceiveAsync(call.Request, file.SafeFileHandle, 0, services.MaxPayloadBytes, hasher, null, call.CancellationToken);
            }

            var hash = hasher.GetHash();
            if (expectedHash is not null && expectedHash != hash)
            {
                throw ApiErrorException.Route(Stone.Tag("content_hash_mismatch"));
            }

            CommitOutcome outcome;
            using (services.WriteLock.Enter())
            {
                try
                {
                    outcome = services.Files.Commit(commit, hash, size, temp);
                }
                catch (StoreException error)
                {
                    // UploadWriteFailed is a plain struct, so it is flattened; its upload_session_id lets the
                    // client retry the commit through upload_session/finish without sending the bytes again.
                    var session = services.Sessions.Adopt(temp, size, [.. hasher.CompletedBlocks]);
                    throw ApiErrorException.Route(Stone.Flat("path", new JsonObject
                    {
                        ["reason"] = error.Error,
                        ["upload_session_id"] = session.Record.Id,
                    }));
                }
            }

            await call.OkAsync(outcome.Metadata);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
