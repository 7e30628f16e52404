using Dapper;

namespace RetroGrid.Controller.Catalog;

/// <summary>Agents, their one-time enrollment tokens and their revocation, in the catalog.</summary>
internal sealed class AgentRegistry(CatalogDatabase database, TimeProvider time)
{
    public async Task AddEnrollmentTokenAsync(string tokenHash, string createdBy, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO enrollment_tokens (token_hash, created_by, expires_at) VALUES (@tokenHash, @createdBy, @expiresAt);",
            new { tokenHash, createdBy, expiresAt = expiresAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Uses up an enrollment token and records the new agent, in one transaction: a token enrolls exactly one agent,
    /// however many calls race with it. False when the token is unknown, used or expired.
    /// </summary>
    public async Task<bool> EnrollAsync(string tokenHash, AgentRecord agent, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var used = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE enrollment_tokens SET used_at = @now, agent_id = @id WHERE token_hash = @tokenHash AND used_at IS NULL AND expires_at > @now;",
            new { now, id = agent.Id, tokenHash },
            transaction,
            cancellationToken: cancellationToken));
        if (used != 1)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO agents (id, host_name, os, version, certificate_serial, enrolled_at, last_seen, revoked)
            VALUES (@Id, @HostName, @Os, @Version, @CertificateSerial, @now, @now, 0);
            """,
            new { agent.Id, agent.HostName, agent.Os, agent.Version, agent.CertificateSerial, now },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<AgentRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<AgentRecord>(new CommandDefinition(
            """
            SELECT id AS Id, host_name AS HostName, os AS Os, version AS Version, certificate_serial AS CertificateSerial,
                   enrolled_at AS EnrolledAtMs, last_seen AS LastSeenMs, revoked AS Revoked
            FROM agents ORDER BY host_name, id;
            """,
            cancellationToken: cancellationToken));
        return [.. rows];
    }

    public async Task<AgentRecord?> FindAsync(string agentId, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(a => a.Id == agentId);

    /// <summary>True when the agent exists and is not revoked.</summary>
    public async Task<bool> IsActiveAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM agents WHERE id = @agentId AND revoked = 0;", new { agentId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Revokes an agent; false when there is no such agent.</summary>
    public async Task<bool> RevokeAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE agents SET revoked = 1 WHERE id = @agentId;", new { agentId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records that the agent was heard from now, with what it reports about itself.</summary>
    public async Task TouchAsync(string agentId, string? hostName, string? os, string? version, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            UPDATE agents SET last_seen = @now, host_name = COALESCE(@hostName, host_name), os = COALESCE(@os, os),
                              version = COALESCE(@version, version)
            WHERE id = @agentId;
            """,
            new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), hostName, os, version, agentId },
            cancellationToken: cancellationToken));
    }
}
