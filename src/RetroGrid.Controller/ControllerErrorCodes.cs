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

    public static RetroGridErrorCode NoDropboxApp { get; } = new(
        "RG3020",
        "NoDropboxApp",
        "No Dropbox app key is configured, so sets cannot be linked.",
        "Create a Dropbox app (scoped access, App folder or Full Dropbox) and set Dropbox:AppKey in the controller's settings.");

    public static RetroGridErrorCode LinkAttemptInvalid { get; } = new(
        "RG3021",
        "LinkAttemptInvalid",
        "The link attempt is unknown, already used or expired.",
        "Start again with `rgctl set link NAME` and finish within 15 minutes.");

    public static RetroGridErrorCode SetNotLinked { get; } = new(
        "RG3022",
        "SetNotLinked",
        "The backup set is not linked to a Dropbox account.",
        "Link it with `rgctl set link NAME` (or import a legacy token).");

    public static RetroGridErrorCode SetNotFound { get; } = new(
        "RG3023",
        "SetNotFound",
        "There is no backup set by that id or name.",
        "List the sets with `rgctl set list`.");

    public static RetroGridErrorCode JobLostWithAgent { get; } = new(
        "RG3030",
        "JobLostWithAgent",
        "The agent stopped while it ran the job (restart, crash or power loss).",
        "Start the job again; a backup reuses everything committed before the stop.");

    public static RetroGridErrorCode NotAssigned { get; } = new(
        "RG3031",
        "NotAssigned",
        "The agent is not assigned to that backup set.",
        "Assign it first (`rgctl set assign SET AGENT PATH...`).");

    public static RetroGridErrorCode FolderHoldsAnotherSet { get; } = new(
        "RG3024",
        "FolderHoldsAnotherSet",
        "The set's Dropbox folder already holds a backup set this controller did not create.",
        "Give the set another folder (create it anew with --folder), or rebuild the existing set instead.");

    public static RetroGridErrorCode WeakRecoveryPassphrase { get; } = new(
        "RG3025",
        "WeakRecoveryPassphrase",
        "The recovery passphrase is missing or shorter than 12 characters.",
        "Choose a passphrase of at least 12 characters and keep it safe: it restores the set without the controller.");

    public static RetroGridErrorCode NoRunningJob { get; } = new(
        "RG3032",
        "NoRunningJob",
        "The agent has no running job of that kind on that set.",
        "Nothing to do: the controller gives sets and tokens only to the jobs it sent.");

    public static RetroGridErrorCode SnapshotNotFound { get; } = new(
        "RG3033",
        "SnapshotNotFound",
        "No snapshot, or more than one, matches that name.",
        "List the set's snapshots with `rgctl snapshots SET` and give a longer prefix, or latest.");

    public static RetroGridErrorCode SnapshotPathNotFound { get; } = new(
        "RG3034",
        "SnapshotPathNotFound",
        "The snapshot has no folder at that path.",
        "Browse from the top with `rgctl ls SET SNAPSHOT` and follow the folder names.");

    public static RetroGridErrorCode PackCommitFailed { get; } = new(
        "RG3035",
        "PackCommitFailed",
        "Dropbox did not commit a pack the agent uploaded.",
        "The backup stops cleanly and the next one uploads the pack again; if it repeats, check the controller's log for the Dropbox code.");

    public static RetroGridErrorCode MalformedAgentRequest { get; } = new(
        "RG3036",
        "MalformedAgentRequest",
        "An agent sent blob ids or a pack that are malformed (ids, name, length, hash or blob entries).",
        "Upgrade the agent to the controller's version; if it is current, report it: the agent or its connection is damaging data.");

    public static RetroGridErrorCode SetBusy { get; } = new(
        "RG3037",
        "SetBusy",
        "A backup of the set is running.",
        "Wait for the set's running jobs to end (`rgctl jobs`) or cancel them, then try again.");

    public static RetroGridErrorCode SetKeyRefused { get; } = new(
        "RG3038",
        "SetKeyRefused",
        "Neither this controller's key nor the passphrase given opens the set on Dropbox.",
        "Rebuild with the set's recovery passphrase (`rgctl set rebuild NAME --passphrase`); check the set's folder is the one it was made in.");

    public static RetroGridErrorCode SetRecycled { get; } = new(
        "RG3039",
        "SetRecycled",
        "The set was recycled (emptied) while the job was queued or running.",
        "Nothing to do: the set's next backup stores everything again.");

    public static RetroGridErrorCode RecycleNotConfirmed { get; } = new(
        "RG3040",
        "RecycleNotConfirmed",
        "Recycling a set needs its name typed again as confirmation.",
        "Run `rgctl set recycle NAME` and type the set's name when asked (or pass --yes in a script).");

    public static RetroGridErrorCode RecycleFailed { get; } = new(
        "RG3041",
        "RecycleFailed",
        "Dropbox did not delete all of the set's data.",
        "Run the recycle again; the catalog is emptied only once Dropbox is, so nothing is left half-done.");

    public static RetroGridErrorCode GroomFailed { get; } = new(
        "RG3042",
        "GroomFailed",
        "Dropbox did not delete all of the snapshots grooming forgets.",
        "Run the groom again: snapshots still on Dropbox stay in the catalog until they are gone.");

    public static RetroGridErrorCode VerifyFoundProblems { get; } = new(
        "RG3043",
        "VerifyFoundProblems",
        "Verify found packs or snapshots missing, replaced or damaged.",
        "See the job's warnings (`rgctl jobs --set NAME`, or `rgctl set verify NAME`); bring back what was deleted or replaced with `rgctl set undelete NAME`, and if the catalog itself is wrong, `rgctl set rebuild NAME`.");

    public static RetroGridErrorCode ControllerJobInterrupted { get; } = new(
        "RG3044",
        "ControllerJobInterrupted",
        "The controller stopped while it ran the job (restart, crash or power loss).",
        "Run it again (`rgctl set verify NAME`, `rgctl set groom NAME`); a scheduled one runs again by itself when it is next due.");

    public static RetroGridErrorCode ControllerJobFailed { get; } = new(
        "RG3045",
        "ControllerJobFailed",
        "The job the controller ran stopped on an unexpected error; the message names it.",
        "Run it again; if it repeats, report it with the controller's log.");
}
