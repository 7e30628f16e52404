using Dapper;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Packs;

namespace RetroGrid.Controller.Catalog;

/// <summary>
/// The packs each set holds, as committed by the controller, with their index entries (MessagePack, base64: the
/// catalog keeps to TEXT and BIGINT columns), so the dedup index is rebuilt from the catalog alone after a restart.
/// </summary>
internal sealed class PackRegistry(CatalogDatabase database, TimeProvider time)
{
    /// <summary>Records a committed pack once; a repeated commit of the same pack changes nothing.</summary>
    public async Task AddAsync(PackRecord pack, string jobId, IReadOnlyList<PackIndexEntry> entries, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO packs (set_id, name, length, content_hash, blob_count, entries, job_id, committed_at)
            SELECT @setId, @name, @length, @contentHash, @blobCount, @entries, @jobId, @committedAt
            WHERE NOT EXISTS (SELECT 1 FROM packs WHERE set_id = @setId AND name = @name);
            """,
            new
            {
                setId = pack.SetId,
                name = pack.Name,
                length = pack.Length,
                contentHash = pack.ContentHash,
                blobCount = (long)entries.Count,
                entries = Convert.ToBase64String(PackEntryCodec.Encode(entries)),
                jobId,
                committedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken));
    }

    public async Task<PackRecord?> FindAsync(string setId, string name, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Name, long Length, string ContentHash)?>(new CommandDefinition(
            "SELECT name, length, content_hash FROM packs WHERE set_id = @setId AND name = @name;", new { setId, name }, cancellationToken: cancellationToken));
        return row is { } found ? new PackRecord(setId, found.Name, found.Length, found.ContentHash) : null;
    }

    /// <summary>Every pack of a set, the most recently committed first, with its stored entries (still encoded: the caller decodes them as untrusted).</summary>
    public async IAsyncEnumerable<(PackRecord Pack, string Entries)> ReadAllAsync(
        string setId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            "SELECT name, length, content_hash, entries FROM packs WHERE set_id = @setId ORDER BY committed_at DESC, name;", new { setId }, cancellationToken: cancellationToken));
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (new PackRecord(setId, reader.GetString(0), reader.GetInt64(1), reader.GetString(2)), reader.GetString(3));
        }
    }

    /// <summary>How many packs and bytes a set holds.</summary>
    public async Task<(long Packs, long Bytes)> TotalsAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<(long, long)>(new CommandDefinition(
            "SELECT COUNT(*), COALESCE(SUM(length), 0) FROM packs WHERE set_id = @setId;", new { setId }, cancellationToken: cancellationToken));
    }

    /// <summary>Removes the set's packs not in <paramref name="keep"/> (gone from Dropbox); returns how many.</summary>
    public Task<int> RemoveAllExceptAsync(string setId, IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
        database.RemoveNamesExceptAsync("packs", setId, keep, cancellationToken);

    /// <summary>Every pack of the set with when its data was last verified (null: never), least recently verified first.</summary>
    public async Task<IReadOnlyList<(PackRecord Pack, long? VerifiedAtMs)>> ListForVerifyAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Name, long Length, string ContentHash, long? VerifiedAt)>(new CommandDefinition(
            "SELECT name, length, content_hash, verified_at FROM packs WHERE set_id = @setId ORDER BY COALESCE(verified_at, 0), name;",
            new { setId },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => (new PackRecord(setId, r.Name, r.Length, r.ContentHash), r.VerifiedAt))];
    }

    /// <summary>Records that these packs' data was read and authenticated now.</summary>
    public async Task MarkVerifiedAsync(string setId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var name in names)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE packs SET verified_at = @now WHERE set_id = @setId AND name = @name;", new { now, setId, name }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Forgets packs (their files are gone from Dropbox already).</summary>
    public Task RemoveAsync(string setId, IEnumerable<string> names, CancellationToken cancellationToken) =>
        database.RemoveNamesAsync("packs", setId, names, cancellationToken);
}
