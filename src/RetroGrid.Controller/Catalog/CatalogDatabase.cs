using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;

namespace RetroGrid.Controller.Catalog;

/// <summary>
/// Opens connections to the catalog and brings its schema up to date (<see cref="CatalogMigrations"/>), recording
/// each applied step in <c>schema_version</c> in the step's own transaction, so a crash never leaves half a step.
/// </summary>
internal sealed class CatalogDatabase(string path, TimeProvider time)
{
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Pooling = true,
        // Concurrent agents' calls wait for the writer instead of failing with "database is locked".
        DefaultTimeout = 30,
    }.ToString();

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // In WAL mode NORMAL still never corrupts the catalog; a power cut (not a crash) may lose the last
            // transactions. FULL syncs on every commit, which capped token grants (each audited) near 260 a second.
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA synchronous=NORMAL;", cancellationToken: cancellationToken));
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A connection opened synchronously, for the few callers that cannot await (metric callbacks). Microsoft.Data.Sqlite
    /// does its I/O synchronously either way.
    /// </summary>
    public DbConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            connection.Execute("PRAGMA synchronous=NORMAL;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Deletes a set's rows of <paramref name="table"/> (one keyed by set and name) whose name is not in
    /// <paramref name="keep"/>, in one transaction; returns how many went.
    /// </summary>
    public async Task<int> RemoveNamesExceptAsync(string table, string setId, IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        CheckNamedTable(table);
        List<string> gone;
        await using (var connection = await OpenAsync(cancellationToken))
        {
            var names = await connection.QueryAsync<string>(new CommandDefinition($"SELECT name FROM {table} WHERE set_id = @setId;", new { setId }, cancellationToken: cancellationToken));
            gone = [.. names.Where(n => !keep.Contains(n))];
        }

        await RemoveNamesAsync(table, setId, gone, cancellationToken);
        return gone.Count;
    }

    /// <summary>Deletes the named rows of a set in <paramref name="table"/> (packs or snapshots), in one transaction.</summary>
    public async Task RemoveNamesAsync(string table, string setId, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        CheckNamedTable(table);
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var name in names)
        {
            await connection.ExecuteAsync(new CommandDefinition($"DELETE FROM {table} WHERE set_id = @setId AND name = @name;", new { setId, name }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Table names are put into SQL text: only the two tables keyed by set and name may be.</summary>
    private static void CheckNamedTable(string table)
    {
        if (table is not ("packs" or "snapshots"))
        {
            throw new ArgumentOutOfRangeException(nameof(table), table, "Only packs and snapshots are kept by name per set.");
        }
    }

    /// <summary>Applies the steps not applied yet; returns the schema version now.</summary>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        // WAL: readers (listings, dedup) never wait for the writer.
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode=WAL;", cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL);", cancellationToken: cancellationToken));
        var current = await connection.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT MAX(version) FROM schema_version;", cancellationToken: cancellationToken)) ?? 0;
        if (current > CatalogMigrations.Steps.Count)
        {
            throw new ControllerException(
                ControllerErrorCodes.CatalogTooNew,
                $"The catalog has schema version {current}, newer than this controller knows ({CatalogMigrations.Steps.Count}).");
        }

        for (var version = (int)current + 1; version <= CatalogMigrations.Steps.Count; version++)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(CatalogMigrations.Steps[version - 1], transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, @now);",
                new { version, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
                transaction,
                cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
        }

        return CatalogMigrations.Steps.Count;
    }
}
