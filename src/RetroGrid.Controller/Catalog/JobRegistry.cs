using Dapper;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Catalog;

/// <summary>Jobs and assignments in the catalog. State changes are conditional updates, so two racing callers never both win.</summary>
internal sealed class JobRegistry(CatalogDatabase database, TimeProvider time)
{
    private const string Columns = """
        id AS Id, kind AS Kind, state AS State, set_id AS SetId, agent_id AS AgentId, spec AS SpecJson, started_by AS StartedBy,
        created_at AS CreatedAtMs, started_at AS StartedAtMs, finished_at AS FinishedAtMs, outcome AS OutcomeJson
        """;

    public async Task AddAsync(JobRecord job, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO jobs (id, kind, state, set_id, agent_id, spec, started_by, created_at) VALUES (@Id, @kind, @state, @SetId, @AgentId, @SpecJson, @StartedBy, @now);",
            new { job.Id, kind = (long)job.Kind, state = (long)JobState.Queued, job.SetId, job.AgentId, job.SpecJson, job.StartedBy, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    public async Task<JobRecord?> FindAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<JobRecord>(new CommandDefinition($"SELECT {Columns} FROM jobs WHERE id = @jobId;", new { jobId }, cancellationToken: cancellationToken));
    }

    /// <summary>Newest first, optionally for one set and/or agent.</summary>
    public async Task<IReadOnlyList<JobRecord>> ListAsync(string? setId, string? agentId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<JobRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE (@setId IS NULL OR set_id = @setId) AND (@agentId IS NULL OR agent_id = @agentId) ORDER BY created_at DESC, id DESC LIMIT @limit;",
            new { setId, agentId, limit },
            cancellationToken: cancellationToken))];
    }

    /// <summary>The agent's jobs in one state, oldest first.</summary>
    public async Task<IReadOnlyList<JobRecord>> ForAgentAsync(string agentId, JobState state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<JobRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE agent_id = @agentId AND state = @state ORDER BY created_at, id;",
            new { agentId, state = (long)state },
            cancellationToken: cancellationToken))];
    }

    /// <summary>Queued → running; false if the job was not queued any more (cancelled meanwhile).</summary>
    public async Task<bool> MarkRunningAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET state = @running, started_at = @now WHERE id = @jobId AND state = @queued;",
            new { jobId, running = (long)JobState.Running, queued = (long)JobState.Queued, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Running → queued again: the job never reached its agent (the stream failed while sending).</summary>
    public async Task RequeueAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET state = @queued, started_at = NULL WHERE id = @jobId AND state = @running;",
            new { jobId, running = (long)JobState.Running, queued = (long)JobState.Queued },
            cancellationToken: cancellationToken));
    }

    /// <summary>Records how a queued or running job ended; false if it had ended already (a repeated outcome).</summary>
    public async Task<bool> FinishAsync(string jobId, JobState state, string outcomeJson, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE jobs SET state = @state, finished_at = @now, outcome = @outcomeJson WHERE id = @jobId AND state IN (@queued, @running);",
            new { jobId, state = (long)state, outcomeJson, queued = (long)JobState.Queued, running = (long)JobState.Running, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>When the latest backup job of the agent into the set was created (any outcome), or null.</summary>
    public async Task<long?> LastBackupCreatedAtAsync(string setId, string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(created_at) FROM jobs WHERE set_id = @setId AND agent_id = @agentId AND kind = @backup;",
            new { setId, agentId, backup = (long)JobKind.Backup }, cancellationToken: cancellationToken));
    }

    /// <summary>Per agent and set, when its latest successful backup finished.</summary>
    public async Task<IReadOnlyList<(string AgentId, string SetId, long FinishedAtMs)>> LastGoodBackupsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string, long)>(new CommandDefinition(
            "SELECT agent_id, set_id, MAX(finished_at) FROM jobs WHERE kind = @backup AND state = @succeeded GROUP BY agent_id, set_id;",
            new { backup = (long)JobKind.Backup, succeeded = (long)JobState.Succeeded }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>Whether a backup of the agent into the set is queued or running.</summary>
    /// <summary>The sets an agent is assigned to back up into.</summary>
    public async Task<IReadOnlyList<string>> SetsOfAgentAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT set_id FROM assignments WHERE agent_id = @agentId ORDER BY set_id;", new { agentId }, cancellationToken: cancellationToken))];
    }

    /// <summary>The agent's backup of the set that is queued or running, if any.</summary>
    public async Task<JobRecord?> ActiveBackupAsync(string setId, string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<JobRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE set_id = @setId AND agent_id = @agentId AND kind = @backup AND state IN (@queued, @running) ORDER BY created_at LIMIT 1;",
            new { setId, agentId, backup = (long)JobKind.Backup, queued = (long)JobState.Queued, running = (long)JobState.Running },
            cancellationToken: cancellationToken));
    }

    /// <summary>The set's jobs that are queued or running.</summary>
    public async Task<IReadOnlyList<JobRecord>> ActiveForSetAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<JobRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM jobs WHERE set_id = @setId AND state IN (@queued, @running) ORDER BY created_at, id;",
            new { setId, queued = (long)JobState.Queued, running = (long)JobState.Running },
            cancellationToken: cancellationToken))];
    }

    /// <summary>Backups queued or running, of one set or (null) of all.</summary>
    public async Task<int> CountActiveBackupsAsync(string? setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (int)await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM jobs WHERE (@setId IS NULL OR set_id = @setId) AND kind = @backup AND state IN (@queued, @running);",
            new { setId, backup = (long)JobKind.Backup, queued = (long)JobState.Queued, running = (long)JobState.Running }, cancellationToken: cancellationToken));
    }

    /// <summary>Ids of the agents' backups and restores of the set running now.</summary>
    public async Task<IReadOnlyList<string>> RunningAgentJobsAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM jobs WHERE set_id = @setId AND kind IN (@backup, @restore) AND state = @running;",
            new { setId, backup = (long)JobKind.Backup, restore = (long)JobKind.Restore, running = (long)JobState.Running }, cancellationToken: cancellationToken))];
    }

    /// <summary>Whether any agent's backup of the set is running now.</summary>
    public async Task<bool> AnyRunningBackupAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM jobs WHERE set_id = @setId AND kind = @backup AND state = @running;",
            new { setId, backup = (long)JobKind.Backup, running = (long)JobState.Running }, cancellationToken: cancellationToken)) > 0;
    }

    public async Task<bool> HasActiveBackupAsync(string setId, string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM jobs WHERE set_id = @setId AND agent_id = @agentId AND kind = @backup AND state IN (@queued, @running);",
            new { setId, agentId, backup = (long)JobKind.Backup, queued = (long)JobState.Queued, running = (long)JobState.Running }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Records a job the controller runs itself as running from now (created and started at once); with
    /// <paramref name="exclusive"/>, only if no other job the controller runs for its set is queued or running. False
    /// when refused.
    /// </summary>
    public async Task<bool> AddRunningAsync(JobRecord job, bool exclusive, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO jobs (id, kind, state, set_id, agent_id, spec, started_by, created_at, started_at)
            SELECT @id, @kind, @running, @setId, @agentId, @spec, @startedBy, @now, @now
            WHERE @exclusive = 0 OR NOT EXISTS (SELECT 1 FROM jobs WHERE set_id = @setId AND agent_id = @agentId AND state IN (@queued, @running));
            """,
            new
            {
                id = job.Id,
                kind = (long)job.Kind,
                running = (long)JobState.Running,
                queued = (long)JobState.Queued,
                setId = job.SetId,
                agentId = job.AgentId,
                spec = job.SpecJson,
                startedBy = job.StartedBy,
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                exclusive = exclusive ? 1L : 0L,
            },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>When the set's latest job of this kind was created (any state), or null.</summary>
    public async Task<long?> LastCreatedAtAsync(string setId, JobKind kind, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MAX(created_at) FROM jobs WHERE set_id = @setId AND kind = @kind;", new { setId, kind = (long)kind }, cancellationToken: cancellationToken));
    }

    public async Task SetAssignmentAsync(string setId, string agentId, string pathsJson, string excludesJson, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM assignments WHERE set_id = @setId AND agent_id = @agentId;", new { setId, agentId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO assignments (set_id, agent_id, paths, excludes) VALUES (@setId, @agentId, @pathsJson, @excludesJson);",
            new { setId, agentId, pathsJson, excludesJson }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<bool> RemoveAssignmentAsync(string setId, string agentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM assignments WHERE set_id = @setId AND agent_id = @agentId;", new { setId, agentId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>The set's assignments: (agent, paths JSON, excludes JSON).</summary>
    public async Task<IReadOnlyList<(string AgentId, string PathsJson, string ExcludesJson)>> AssignmentsAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string, string, string)>(new CommandDefinition(
            "SELECT agent_id, paths, excludes FROM assignments WHERE set_id = @setId ORDER BY agent_id;", new { setId }, cancellationToken: cancellationToken));
        return [.. rows];
    }
}
