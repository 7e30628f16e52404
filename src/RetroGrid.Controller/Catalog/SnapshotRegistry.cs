using Dapper;
using Google.Protobuf;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Catalog;

/// <summary>
/// The snapshots each set holds, as the catalog knows them: recorded from the outcome of the backup job that made
/// them (the snapshot itself is on Dropbox), with a summary for listings that need no download.
/// </summary>
internal sealed class SnapshotRegistry(CatalogDatabase database)
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    /// <summary>Records a snapshot once (a repeated outcome, or a rebuild, changes nothing).</summary>
    public async Task AddAsync(string setId, string name, string jobId, SnapshotSummary summary, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO snapshots (set_id, name, agent_id, job_id, summary, time)
            SELECT @setId, @name, @agentId, @jobId, @summaryJson, @time WHERE NOT EXISTS (SELECT 1 FROM snapshots WHERE set_id = @setId AND name = @name);
            """,
            new { setId, name, agentId = summary.AgentId, jobId, summaryJson = Json.Format(summary), time = summary.Time.ToDateTimeOffset().ToUnixTimeMilliseconds() },
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

    /// <summary>Removes the set's snapshots not in <paramref name="keep"/> (gone from Dropbox); returns how many.</summary>
    public Task<int> RemoveAllExceptAsync(string setId, IReadOnlySet<string> keep, CancellationToken cancellationToken) =>
        database.RemoveNamesExceptAsync("snapshots", setId, keep, cancellationToken);

    /// <summary>Forgets snapshots (their objects are gone from Dropbox already).</summary>
    public Task RemoveAsync(string setId, IEnumerable<string> names, CancellationToken cancellationToken) =>
        database.RemoveNamesAsync("snapshots", setId, names, cancellationToken);
}
