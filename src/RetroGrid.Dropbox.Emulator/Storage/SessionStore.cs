using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// Upload sessions, bound to the (single) account and app rather than to a token, so a session survives token
/// refreshes and restarts (reference §10.3). Sessions expire 7 days after creation.
/// </summary>
internal sealed class SessionStore
{
    public const string IdPrefix = "pid_upload_session:";
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private readonly ConcurrentDictionary<string, UploadSession> _sessions = new(StringComparer.Ordinal);
    private readonly string _directory;
    private readonly TimeProvider _time;

    public SessionStore(string dataDir, TimeProvider time)
    {
        _time = time;
        _directory = Path.Combine(dataDir, "sessions");
        Directory.CreateDirectory(_directory);
        foreach (var statePath in Directory.EnumerateFiles(_directory, "*.json"))
        {
            var record = AtomicFile.Read(statePath, PersistenceJsonContext.Default.SessionRecord);
            var dataPath = Path.ChangeExtension(statePath, ".data");
            if (record is null || !File.Exists(dataPath))
            {
                continue;
            }

            // Drop bytes of an append that was cut off by a crash: only the recorded length counts.
            if (!record.Concurrent && new FileInfo(dataPath).Length > record.Length)
            {
                using var stream = new FileStream(dataPath, FileMode.Open, FileAccess.Write);
                stream.SetLength(record.Length);
            }

            _sessions[record.Id] = new UploadSession(record, dataPath, statePath);
        }

        foreach (var temp in Directory.EnumerateFiles(_directory, "*.tmp"))
        {
            File.Delete(temp);
        }
    }

    public int Count => _sessions.Count;

    public UploadSession Create(bool concurrent)
    {
        var name = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var record = new SessionRecord
        {
            Id = IdPrefix + name,
            Concurrent = concurrent,
            CreatedAt = _time.GetUtcNow(),
        };
        var session = new UploadSession(record, Path.Combine(_directory, name + ".data"), Path.Combine(_directory, name + ".json"));
        File.Create(session.DataPath).Dispose();
        session.Save();
        _sessions[record.Id] = session;
        return session;
    }

    /// <summary>Wraps an already received file as a closed sequential session (the upload_session_id of a failed files/upload).</summary>
    public UploadSession Adopt(string file, long length, List<byte[]> blockDigests)
    {
        var session = Create(concurrent: false);
        File.Move(file, session.DataPath, overwrite: true);
        session.Record.Length = length;
        session.Record.BlockDigests = blockDigests;
        session.Record.Closed = true;
        session.Save();
        return session;
    }

    /// <summary>The live session, or null when unknown, finished or older than 7 days.</summary>
    public UploadSession? Find(string id)
    {
        if (!_sessions.TryGetValue(id, out var session) || session.Gone)
        {
            return null;
        }

        if (_time.GetUtcNow() - session.Record.CreatedAt >= Lifetime)
        {
            Remove(session);
            return null;
        }

        return session;
    }

    /// <summary>Forgets a session; its data file is deleted unless it was already moved into the blob store.</summary>
    public void Remove(UploadSession session)
    {
        session.Gone = true;
        _sessions.TryRemove(session.Record.Id, out _);
        File.Delete(session.StatePath);
        File.Delete(session.DataPath);
    }

    public void Reset()
    {
        foreach (var session in _sessions.Values.ToList())
        {
            Remove(session);
        }
    }
}
