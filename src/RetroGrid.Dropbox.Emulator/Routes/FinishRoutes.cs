using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>
/// <c>upload_session/finish</c> and <c>finish_batch_v2</c>. The body of a finish is appended before the commit,
/// so when the commit fails (conflict, 429) the bytes have landed and a retry with an empty body at the new
/// offset works (reference §6.6). A finished session is gone: later lookups answer <c>not_found</c>.
/// </summary>
internal static class FinishRoutes
{
    public const int MaxBatchEntries = 1000;

    public static void Register(ApiRouter router)
    {
        router.Add("files/upload_session/finish", RouteStyle.Upload, Scopes.FilesContentWrite, FinishAsync);
        router.Add("files/upload_session/finish_batch_v2", RouteStyle.Rpc, Scopes.FilesContentWrite, FinishBatchAsync);
    }

    private static Exception LookupFailed(JsonObject error) => ApiErrorException.Route(Stone.Nested("lookup_failed", error));

    private static async Task FinishAsync(ApiCall call)
    {
        var cursor = call.Args.RequiredObject("cursor");
        var sessionId = cursor.RequiredString("session_id");
        var offset = cursor.RequiredUInt64("offset");
        var commit = CommitArgs.Parse(call.Args.RequiredObject("commit"));
        var expectedHash = call.Args.OptionalHash("content_hash");
        var services = call.Services;
        var session = services.Sessions.Find(sessionId) ?? throw LookupFailed(Stone.NotFound());

        if (session.Record.Concurrent)
        {
            if (!await BodyReceiver.IsEmptyAsync(call.Request, call.CancellationToken))
            {
                throw ApiErrorException.Route(Stone.Tag("concurrent_session_data_not_allowed"));
            }

            SessionWriter.CheckEmptyHash(expectedHash);
            await call.OkAsync(CommitConcurrent(services, session, offset, commit));
            return;
        }

        await session.Gate.WaitAsync(call.CancellationToken);
        JsonObject metadata;
        try
        {
            if (session.Gone)
            {
                throw LookupFailed(Stone.NotFound());
            }

            var record = session.Record;
            if (offset != (ulong)record.Length)
            {
                throw LookupFailed(SessionWriter.IncorrectOffset(record.Length));
            }

            if (record.Closed)
            {
                // A closed session takes no more data, but an empty finish commits it.
                if (!await BodyReceiver.IsEmptyAsync(call.Request, call.CancellationToken))
                {
                    throw LookupFailed(Stone.Tag("closed"));
                }

                SessionWriter.CheckEmptyHash(expectedHash);
            }
            else
            {
                await SessionWriter.AppendSequentialAsync(call, session, offset, close: false, expectedHash, LookupFailed);
            }

            metadata = Commit(services, session, commit, session.EnsureHasher().GetHash(), record.Length, persist: true);
        }
        finally
        {
            session.Gate.Release();
        }

        await call.OkAsync(metadata);
    }

    private static JsonObject CommitConcurrent(EmulatorServices services, UploadSession session, ulong offset, CommitRequest commit)
    {
        string hash;
        long length;
        lock (session.Sync)
        {
            if (session.Gone)
            {
                throw LookupFailed(Stone.NotFound());
            }

            if (!session.Record.Closed)
            {
                throw ApiErrorException.Route(Stone.Tag("concurrent_session_not_closed"));
            }

            if (offset != (ulong)session.Record.Length)
            {
                throw LookupFailed(SessionWriter.IncorrectOffset(session.Record.Length));
            }

            hash = SessionWriter.ConcurrentHash(session.Record) ?? throw ApiErrorException.Route(Stone.Tag("concurrent_session_missing_data"));
            length = session.Record.Length;
        }

        return Commit(services, session, commit, hash, length, persist: true);
    }

    /// <summary>Commits a session's data under the namespace write lock and forgets the session on success.</summary>
    private static JsonObject Commit(EmulatorServices services, UploadSession session, CommitRequest commit, string hash, long length, bool persist, bool lockHeld = false)
    {
        using var slot = lockHeld ? default(Faults.WriteLock.Releaser?) : services.WriteLock.Enter();
        try
        {
            var outcome = services.Files.Commit(commit, hash, length, session.DataPath, persist);
            services.Sessions.Remove(session);
            return outcome.Metadata;
        }
        catch (StoreException error)
        {
            throw ApiErrorException.Route(Stone.Nested("path", error.Error));
        }
    }

    private static async Task FinishBatchAsync(ApiCall call)
    {
        var entries = call.Args.RequiredList("entries", MaxBatchEntries)
            .Select(e =>
            {
                var cursor = e.RequiredObject("cursor");
                return (Id: cursor.RequiredString("session_id"), Offset: cursor.RequiredUInt64("offset"),
                    Commit: CommitArgs.Parse(e.RequiredObject("commit")), Hash: e.OptionalHash("content_hash"));
            })
            .ToList();
        var services = call.Services;
        var results = new JsonArray();

        // One acquisition of the namespace lock for the whole batch: that is the point of batching.
        using (services.WriteLock.Enter())
        {
            foreach (var entry in entries)
            {
                try
                {
                    var metadata = await FinishEntryAsync(services, entry.Id, entry.Offset, entry.Commit, entry.Hash, call.CancellationToken);
                    results.Add(Stone.Flat("success", metadata));
                }
                catch (ApiErrorException error) when (error.Error is not null)
                {
                    results.Add(Stone.Nested("failure", error.Error));
                }
            }

            services.Files.PersistNow();
        }

        await call.OkAsync(new JsonObject { ["entries"] = results });
    }

    private static async Task<JsonObject> FinishEntryAsync(
        EmulatorServices services, string sessionId, ulong offset, CommitRequest commit, string? expectedHash, CancellationToken cancellationToken)
    {
        var session = services.Sessions.Find(sessionId) ?? throw LookupFailed(Stone.NotFound());
        SessionWriter.CheckEmptyHash(expectedHash);
        if (session.Record.Concurrent)
        {
            lock (session.Sync)
            {
                if (!session.Record.Closed)
                {
                    throw LookupFailed(Stone.Tag("not_closed"));
                }
            }

            return CommitConcurrentLocked(services, session, offset, commit);
        }

        await session.Gate.WaitAsync(cancellationToken);
        try
        {
            var record = session.Record;
            if (session.Gone)
            {
                throw LookupFailed(Stone.NotFound());
            }

            if (!record.Closed)
            {
                throw LookupFailed(Stone.Tag("not_closed"));
            }

            if (offset != (ulong)record.Length)
            {
                throw LookupFailed(SessionWriter.IncorrectOffset(record.Length));
            }

            return Commit(services, session, commit, session.EnsureHasher().GetHash(), record.Length, persist: false, lockHeld: true);
        }
        finally
        {
            session.Gate.Release();
        }
    }

    private static JsonObject CommitConcurrentLocked(EmulatorServices services, UploadSession session, ulong offset, CommitRequest commit)
    {
        string hash;
        long length;
        lock (session.Sync)
        {
            if (offset != (ulong)session.Record.Length)
            {
                throw LookupFailed(SessionWriter.IncorrectOffset(session.Record.Length));
            }

            hash = SessionWriter.ConcurrentHash(session.Record) ?? throw ApiErrorException.Route(Stone.Tag("concurrent_session_missing_data"));
            length = session.Record.Length;
        }

        return Commit(services, session, commit, hash, length, persist: false, lockHeld: true);
    }
}
