using Dapper;

namespace RetroGrid.Controller.Catalog;

/// <summary>
/// The snapshots each set holds, as the catalog knows them: recorded from the outcome of the backup job that made
/// them (the snapshot itself is on Dropbox), with a summary for listings that need no download.
/// </summary>
internal sealed class SnapshotRegistry(CatalogDatabase database)
{
    /// <summary>Records a snapshot once (a repeated outcome changes nothing).</summary>
    public async Task AddAsync(string setId, string name, string agentId, string jobId, string summaryJson, DateTimeOffset time, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO snapshots (set_id, name, agent_id, job_id, summary, time)
            SELECT @setId, @name, @agentId, @jobId, @summaryJson, @time WHERE NOT EXISTS (SELECT 1 FROM snapshots WHERE set_id = @setId AND name = @name);
            """,
            new { setId, name, agentId, jobId, summaryJson, time = time.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Newest first: (name, summary JSON).</summary>
    public async Task<IReadOnlyList<(string Name, string SummaryJson)>> ListAsync(string setId, string? agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string)>(new CommandDefinition(
            "SELECT name, summary FROM snapshots WHERE set_id = @setId AND (@agentId IS NULL OR agent_id = @agentId) ORDER BY time DESC, name;",
            new { setId, agentId },
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task<long> CountAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM snapshots WHERE set_id = @setId;", new { setId }, cancellationToken: cancellationToken));
    }
}
