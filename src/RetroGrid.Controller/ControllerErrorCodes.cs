using RetroGrid.Dropbox;

namespace RetroGrid.Controller;

/// <summary>Codes for the controller's failures (<c>RG30xx</c>), documented in docs/errors.md.</summary>
internal static class ControllerErrorCodes
{
    public static RetroGridErrorCode AlreadyInitialized { get; } = new(
        "RG3001",
        "AlreadyInitialized",
        "The data directory already holds a controller.",
        "Start it with `retrogrid-controller run --data-dir DIR`, or give init an empty directory for a new controller.");

    public static RetroGridErrorCode NotInitialized { get; } = new(
        "RG3002",
        "NotInitialized",
        "The data directory holds no controller.",
        "Run `retrogrid-controller init --data-dir DIR` first.");

    public static RetroGridErrorCode CatalogTooNew { get; } = new(
        "RG3003",
        "CatalogTooNew",
        "The catalog was written by a newer controller.",
        "Run that newer controller version (a catalog is never migrated backwards).");

    public static RetroGridErrorCode EnrollmentTokenInvalid { get; } = new(
        "RG3010",
        "EnrollmentTokenInvalid",
        "The enrollment token is unknown, already used or expired.",
        "Ask IT staff for a new token (`rgctl agent enroll-token`) and enroll again.");

    public static RetroGridErrorCode CertificateRequestInvalid { get; } = new(
        "RG3011",
        "CertificateRequestInvalid",
        "The agent's certificate signing request is malformed or its signature does not verify.",
        "Enroll again with the current agent version; if it persists, report the agent version to RetroGrid support.");

    public static RetroGridErrorCode AgentNotRecognized { get; } = new(
        "RG3012",
        "AgentNotRecognized",
        "The agent presented no certificate, or one this controller did not issue, that has expired or was revoked.",
        "Enroll the agent again with a new token (`retrogrid-agent enroll --controller URL --token T`).");

    public static RetroGridErrorCode AdminCredentialInvalid { get; } = new(
        "RG3013",
        "AdminCredentialInvalid",
        "The admin credential is missing or not valid.",
        "Use the credential `retrogrid-controller init` wrote to admin.credential in the data directory.");
}
