using RetroGrid.Contracts.V1;

namespace RetroGrid.Controller.Catalog;

/// <summary>A backup set's row: secrets only in sealed form (<see cref="Security.SecretVault"/>).</summary>
internal sealed record SetRecord
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string DropboxFolder { get; init; }

    public LinkState LinkState { get; init; }

    public string? DropboxAccount { get; init; }

    /// <summary>The set's key-encryption key, sealed: it unwraps the master key from the set's KEK key file.</summary>
    public required string SealedSetKek { get; init; }

    /// <summary>Whether the set's config and key files are on Dropbox yet (written at its first link).</summary>
    public bool Bootstrapped { get; init; }

    public string? SealedRefreshToken { get; init; }

    public string? SealedLegacyToken { get; init; }

    public long CreatedAtMs { get; init; }

    /// <summary>Back up every so many seconds after the last backup job started; null when not scheduled so.</summary>
    public long? ScheduleIntervalSeconds { get; init; }

    /// <summary>Back up at the times of this cron expression (UTC); null when not scheduled so.</summary>
    public string? ScheduleCron { get; init; }

    /// <summary>Proactive backup: each agent due once its last good backup is this old (null: not proactive).</summary>
    public long? ProactiveIntervalSeconds { get; init; }

    /// <summary>Proactive backup's daily window, "HH:MM-HH:MM" UTC, or null for any time.</summary>
    public string? ProactiveWindow { get; init; }

    /// <summary>The retention policy (protobuf JSON of RetentionPolicy), or null: keep everything.</summary>
    public string? RetentionJson { get; init; }

    /// <summary>Proactive backups of this set at once; 0 or null: the controller's limit only.</summary>
    public long? ProactiveMax { get; init; }

    /// <summary>The controller verifies the set when no verify job started within this many seconds; null: only on request.</summary>
    public long? VerifyIntervalSeconds { get; init; }

    /// <summary>Percentage of packs a scheduled verify downloads and checks.</summary>
    public long? VerifyDataShare { get; init; }

    /// <summary>The controller grooms the set when no groom job started within this many seconds; null: only on request.</summary>
    public long? GroomIntervalSeconds { get; init; }

    /// <summary>Whether a scheduled groom also prunes (1) or only forgets (0 or null).</summary>
    public long? GroomPrune { get; init; }

    /// <summary>When the last verify that completed its check finished (Unix ms); null: never.</summary>
    public long? LastVerifyAtMs { get; init; }

    /// <summary>How many problems that verify found.</summary>
    public long? LastVerifyProblems { get; init; }

    /// <summary>Vault purposes: each secret of each set is sealed for its own purpose.</summary>
    public static string SetKekPurpose(string setId) => $"set-kek:{setId}";

    public static string RefreshTokenPurpose(string setId) => $"refresh-token:{setId}";

    public static string LegacyTokenPurpose(string setId) => $"legacy-token:{setId}";
}
