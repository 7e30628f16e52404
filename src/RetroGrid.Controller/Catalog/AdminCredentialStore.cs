using Dapper;

namespace RetroGrid.Controller.Catalog;

/// <summary>Admin credentials (hashes only) and the audit log of what was done with them.</summary>
internal sealed class AdminCredentialStore(CatalogDatabase database, TimeProvider time)
{
    public async Task AddAsync(string name, string secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO admin_credentials (name, secret_hash, created_at) VALUES (@name, @secretHash, @now);",
            new { name, secretHash, now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
    }

    /// <summary>The name of the credential with this hash, or null.</summary>
    public async Task<string?> FindNameAsync(string secretHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT name FROM admin_credentials WHERE secret_hash = @secretHash;", new { secretHash }, cancellationToken: cancellationToken));
    }

    /// <summary>Appends to the audit log: who did what to which object (never a secret).</summary>
    public async Task AuditAsync(string actor, string action, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit (id, at, actor, action, subject) VALUES ((SELECT COALESCE(MAX(id), 0) + 1 FROM audit), @now, @actor, @action, @subject);",
            new { now = time.GetUtcNow().ToUnixTimeMilliseconds(), actor, action, subject },
            cancellationToken: cancellationToken));
    }
}
