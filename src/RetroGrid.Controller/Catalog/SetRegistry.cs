using Dapper;
using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Catalog;

/// <summary>Backup sets, their Dropbox links (PKCE attempts in flight included) and the audit of token grants.</summary>
internal sealed class SetRegistry(CatalogDatabase database, TimeProvider time)
{
    private const string Columns = """
        id AS Id, name AS Name, dropbox_folder AS DropboxFolder, link_state AS LinkState, dropbox_account AS DropboxAccount,
        sealed_set_kek AS SealedSetKek, bootstrapped AS Bootstrapped, sealed_refresh_token AS SealedRefreshToken,
        sealed_legacy_token AS SealedLegacyToken, created_at AS CreatedAtMs, schedule_interval AS ScheduleIntervalSeconds, schedule_cron AS ScheduleCron,
        proactive_interval AS ProactiveIntervalSeconds, proactive_window AS ProactiveWindow, proactive_max AS ProactiveMax,
        retention AS RetentionJson, verify_interval AS VerifyIntervalSeconds, verify_data_share AS VerifyDataShare,
        groom_interval AS GroomIntervalSeconds, groom_prune AS GroomPrune, last_verify_at AS LastVerifyAtMs, last_verify_problems AS LastVerifyProblems
        """;

    /// <summary>Adds a set with the objects to write to its Dropbox folder at its first link; false when the name is taken.</summary>
    public async Task<bool> AddAsync(SetRecord set, IReadOnlyList<StagedObject> bootstrap, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var added = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO backup_sets (id, name, dropbox_folder, link_state, sealed_set_kek, created_at, bootstrapped)
            SELECT @id, @name, @folder, @state, @key, @now, @bootstrapped WHERE NOT EXISTS (SELECT 1 FROM backup_sets WHERE name = @name);
            """,
            new
            {
                id = set.Id,
                name = set.Name,
                folder = set.DropboxFolder,
                state = (long)LinkState.Unlinked,
                key = set.SealedSetKek,
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                bootstrapped = set.Bootstrapped ? 1L : 0L,
            },
            transaction,
            cancellationToken: cancellationToken)) == 1;
        if (!added)
        {
            return false;
        }

        foreach (var staged in bootstrap)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO set_bootstrap (set_id, kind, name, content) VALUES (@setId, @kind, @name, @content);",
                new { setId = set.Id, kind = (long)staged.Kind, name = staged.Name, content = Convert.ToBase64String(staged.Content) },
                transaction,
                cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The objects waiting to be written to the set's Dropbox folder.</summary>
    public async Task<IReadOnlyList<StagedObject>> BootstrapOfAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Kind, string Name, string Content)>(new CommandDefinition(
            "SELECT kind, name, content FROM set_bootstrap WHERE set_id = @setId ORDER BY kind DESC, name;", new { setId }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new StagedObject((RetroGrid.Core.Storage.BackupObjectKind)r.Kind, r.Name, Convert.FromBase64String(r.Content)))];
    }

    /// <summary>The set's objects are on Dropbox: its staging is dropped.</summary>
    public async Task MarkBootstrappedAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("UPDATE backup_sets SET bootstrapped = 1 WHERE id = @setId;", new { setId }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM set_bootstrap WHERE set_id = @setId;", new { setId }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SetRecord>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<SetRecord>(new CommandDefinition($"SELECT {Columns} FROM backup_sets ORDER BY name;", cancellationToken: cancellationToken))];
    }

    /// <summary>How many sets are in each link state (synchronous: read by metric callbacks).</summary>
    public IReadOnlyList<(LinkState State, long Sets)> CountByLinkState()
    {
        using var connection = database.Open();
        return [.. connection.Query<(long State, long Sets)>("SELECT link_state, COUNT(*) FROM backup_sets GROUP BY link_state;").Select(r => ((LinkState)r.State, r.Sets))];
    }

    /// <summary>The set with this id or name, or null.</summary>
    public async Task<SetRecord?> FindAsync(string idOrName, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SetRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM backup_sets WHERE id = @key OR name = @key;", new { key = idOrName }, cancellationToken: cancellationToken));
    }

    public async Task<bool> DeleteAsync(string setId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("DELETE FROM backup_sets WHERE id = @setId;", new { setId }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Records a PKCE link: the refresh token replaces whatever link the set had (a legacy token included).</summary>
    public Task SetLinkedAsync(string setId, string sealedRefreshToken, string? account, CancellationToken cancellationToken) =>
        UpdateAsync(
            "link_state = @state, sealed_refresh_token = @token, sealed_legacy_token = NULL, dropbox_account = @account",
            new { setId, state = (long)LinkState.Linked, token = sealedRefreshToken, account },
            cancellationToken);

    /// <summary>Records an imported long-lived token (only for a set not linked with a refresh token).</summary>
    public Task SetLegacyAsync(string setId, string sealedLegacyToken, CancellationToken cancellationToken) =>
        UpdateAsync("link_state = @state, sealed_legacy_token = @token", new { setId, state = (long)LinkState.LegacyToken, token = sealedLegacyToken }, cancellationToken);

    /// <summary>Replaces the set's schedule (both null: backups only on request).</summary>
    /// <summary>Sets the one schedule a set has (interval, cron or proactive; all null: backups only on request).</summary>
    public Task SetScheduleAsync(string setId, long? intervalSeconds, string? cron, (long Interval, string? Window, long Max)? proactive, CancellationToken cancellationToken) =>
        UpdateAsync(
            "schedule_interval = @intervalSeconds, schedule_cron = @cron, proactive_interval = @proactiveInterval, proactive_window = @window, proactive_max = @max",
            new { setId, intervalSeconds, cron, proactiveInterval = proactive?.Interval, window = proactive?.Window, max = proactive?.Max },
            cancellationToken);

    public Task SetRetentionAsync(string setId, string? retentionJson, CancellationToken cancellationToken) =>
        UpdateAsync("retention = @retentionJson", new { setId, retentionJson }, cancellationToken);

    /// <summary>Sets when the controller verifies the set by itself (null: only on request).</summary>
    public Task SetVerifyScheduleAsync(string setId, (long Interval, long DataShare)? verify, CancellationToken cancellationToken) =>
        UpdateAsync("verify_interval = @interval, verify_data_share = @share", new { setId, interval = verify?.Interval, share = verify?.DataShare }, cancellationToken);

    /// <summary>Sets when the controller grooms the set by itself (null: only on request).</summary>
    public Task SetGroomScheduleAsync(string setId, (long Interval, bool Prune)? groom, CancellationToken cancellationToken) =>
        UpdateAsync(
            "groom_interval = @interval, groom_prune = @prune",
            new { setId, interval = groom?.Interval, prune = groom is { } g ? (g.Prune ? 1L : 0L) : (long?)null },
            cancellationToken);

    /// <summary>A verify completed its check: when it finished and how many problems it found (read by the metrics).</summary>
    public Task SetLastVerifyAsync(string setId, long finishedAtMs, long problems, CancellationToken cancellationToken) =>
        UpdateAsync("last_verify_at = @finishedAtMs, last_verify_problems = @problems", new { setId, finishedAtMs, problems }, cancellationToken);

    /// <summary>Per set verified at least once, its last verify's end and problems (synchronous: read by metric callbacks).</summary>
    public IReadOnlyList<(string SetId, long FinishedAtMs, long Problems)> LastVerifies()
    {
        using var connection = database.Open();
        return [.. connection.Query<(string, long, long)>(
            "SELECT id, last_verify_at, COALESCE(last_verify_problems, 0) FROM backup_sets WHERE last_verify_at IS NOT NULL ORDER BY id;")];
    }

    /// <summary>Dropbox refused the set's credentials: it waits for a re-link.</summary>
    public Task SetNeedsReauthorizationAsync(string setId, CancellationToken cancellationToken) =>
        UpdateAsync("link_state = @state", new { setId, state = (long)LinkState.NeedsReauthorization }, cancellationToken);

    public async Task AddLinkAttemptAsync(string state, string setId, string sealedVerifier, string? redirectUri, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO link_attempts (state, set_id, sealed_verifier, redirect_uri, expires_at) VALUES (@state, @setId, @sealedVerifier, @redirectUri, @expires);",
            new { state, setId, sealedVerifier, redirectUri, expires = expiresAt.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Takes a link attempt out (each is used once); null when unknown or expired.</summary>
    public async Task<LinkAttempt?> TakeLinkAttemptAsync(string state, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var attempt = await connection.QuerySingleOrDefaultAsync<LinkAttempt>(new CommandDefinition(
            "SELECT set_id AS SetId, sealed_verifier AS SealedVerifier, redirect_uri AS RedirectUri, expires_at AS ExpiresAtMs FROM link_attempts WHERE state = @state;",
            new { state }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM link_attempts WHERE state = @state OR expires_at <= @now;", new { state, now = time.GetUtcNow().ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return attempt is not null && attempt.ExpiresAtMs > time.GetUtcNow().ToUnixTimeMilliseconds() ? attempt : null;
    }

    /// <summary>Audits a token handed to an agent (never the token itself).</summary>
    public async Task AddGrantAsync(string setId, string agentId, string jobId, string scope, DateTimeOffset? expiresAt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO token_grants (id, at, set_id, agent_id, job_id, scope, expires_at) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM token_grants), @now, @setId, @agentId, @jobId, @scope, @expires);",
            new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), setId, agentId, jobId, scope, expires = expiresAt?.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    private async Task UpdateAsync(string assignments, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition($"UPDATE backup_sets SET {assignments} WHERE id = @setId;", parameters, cancellationToken: cancellationToken));
    }
}
