namespace RetroGrid.Controller.Catalog;

/// <summary>An agent's row in the catalog.</summary>
internal sealed record AgentRecord
{
    public required string Id { get; init; }

    public required string HostName { get; init; }

    public required string Os { get; init; }

    public required string Version { get; init; }

    /// <summary>Hex serial number of the client certificate issued at enrollment.</summary>
    public required string CertificateSerial { get; init; }

    public long EnrolledAtMs { get; init; }

    public long LastSeenMs { get; init; }

    public bool Revoked { get; init; }
}
