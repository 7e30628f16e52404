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

    public required string SealedMasterKey { get; init; }

    public string? SealedRefreshToken { get; init; }

    public string? SealedLegacyToken { get; init; }

    public long CreatedAtMs { get; init; }

    /// <summary>Vault purposes: each secret of each set is sealed for its own purpose.</summary>
    public static string MasterKeyPurpose(string setId) => $"master-key:{setId}";

    public static string RefreshTokenPurpose(string setId) => $"refresh-token:{setId}";

    public static string LegacyTokenPurpose(string setId) => $"legacy-token:{setId}";
}
