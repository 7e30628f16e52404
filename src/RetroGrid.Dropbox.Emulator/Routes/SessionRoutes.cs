using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary><c>upload_session/start</c>, <c>append_v2</c> and the deprecated <c>append</c>.</summary>
internal static class SessionRoutes
{
    private static readonly string[] SessionTypes = ["sequential", "concurrent"];

    public static void Register(ApiRouter router)
    {
        router.Add("files/upload_session/start", RouteStyle.Upload, Scopes.FilesContentWrite, StartAsync);
        router.Add("files/upload_session/append_v2", RouteStyle.Upload, Scopes.FilesContentWrite, AppendV2Async);
        router.Add("files/upload_session/append", RouteStyle.Upload, Scopes.FilesContentWrite, AppendV1Async);
    }

    private static async Task StartAsync(ApiCall call)
    {
        var close = call.Args.Bool("close", false);
        var (type, _) = call.Args.Union("session_type", "sequential", SessionTypes);
        var expectedHash = call.Args.OptionalHash("content_hash");
        var sessions = call.Services.Sessions;
        if (type == "concurrent")
        {
            if (close)
            {
                throw ApiErrorException.Route(Stone.Tag("concurrent_session_close_not_allowed"));
            }

            if (!await BodyReceiver.IsEmptyAsync(call.Request, call.CancellationToken))
            {
                throw ApiErrorException.Route(Stone.Tag("concurrent_session_data_not_allowed"));
            }

            SessionWriter.CheckEmptyHash(expectedHash);
            await call.OkAsync(new JsonObject { ["session_id"] = sessions.Create(concurrent: true).Record.Id });
            return;
        }

        BodyReceiver.CheckDeclaredLength(call.Request, call.Services.MaxPayloadBytes);
        var session = sessions.Create(concurrent: false);
        await session.Gate.WaitAsync(call.CancellationToken);
        try
        {
            await SessionWriter.AppendSequentialAsync(call, session, 0, close, expectedHash, ApiErrorException.Route);
        }
        catch
        {
            sessions.Remove(session);
            throw;
        }
        finally
        {
            session.Gate.Release();
        }

        await call.OkAsync(new JsonObject { ["session_id"] = session.Record.Id });
    }

    private static Task AppendV2Async(ApiCall call)
    {
        var cursor = call.Args.RequiredObject("cursor");
        return AppendAsync(
            call,
            cursor.RequiredString("session_id"),
            cursor.RequiredUInt64("offset"),
            call.Args.Bool("close", false),
            call.Args.OptionalHash("content_hash"));
    }

    /// <summary>The v1 argument is the cursor itself.</summary>
    private static Task AppendV1Async(ApiCall call) =>
        AppendAsync(call, call.Args.RequiredString("session_id"), call.Args.RequiredUInt64("offset"), close: false, expectedHash: null);

    private static async Task AppendAsync(ApiCall call, string sessionId, ulong offset, bool close, string? expectedHash)
    {
        var session = call.Services.Sessions.Find(sessionId) ?? throw ApiErrorException.Route(Stone.NotFound());
        if (session.Record.Concurrent)
        {
            await SessionWriter.AppendConcurrentAsync(call, session, offset, close, expectedHash, ApiErrorException.Route);
        }
        else
        {
            await session.Gate.WaitAsync(call.CancellationToken);
            try
            {
                if (session.Gone)
                {
                    throw ApiErrorException.Route(Stone.NotFound());
                }

                await SessionWriter.AppendSequentialAsync(call, session, offset, close, expectedHash, ApiErrorException.Route);
            }
            finally
            {
                session.Gate.Release();
            }
        }

        await call.OkAsync(null);
    }
}
