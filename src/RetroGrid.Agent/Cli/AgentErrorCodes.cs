using RetroGrid.Dropbox;

namespace RetroGrid.Agent.Cli;

/// <summary>Codes for failures of the local command itself (<c>RG205x</c>), documented in docs/errors.md.</summary>
internal static class AgentErrorCodes
{
    public static RetroGridErrorCode InvalidArguments { get; } = new(
        "RG2050",
        "InvalidArguments",
        "The command line is not valid.",
        "Run `retrogrid-agent <command> --help` to see the command's arguments and options.");

    public static RetroGridErrorCode NoPassphrase { get; } = new(
        "RG2051",
        "NoPassphrase",
        "No passphrase was given and there is no terminal to ask for one.",
        "Set RETROGRID_PASSPHRASE or pass --passphrase-file FILE.");

    public static RetroGridErrorCode SetAlreadyExists { get; } = new(
        "RG2052",
        "SetAlreadyExists",
        "The destination already holds a backup set.",
        "Use the existing set, or pick an empty folder for a new one.");

    public static RetroGridErrorCode NoBackupSet { get; } = new(
        "RG2053",
        "NoBackupSet",
        "The destination holds no backup set.",
        "Check --repo or --dropbox-folder, or create a set there with `retrogrid-agent init`.");

    public static RetroGridErrorCode SnapshotNotFound { get; } = new(
        "RG2054",
        "SnapshotNotFound",
        "No snapshot (or more than one) matches the given id.",
        "Run `retrogrid-agent snapshots` and pass a full id, an unambiguous prefix or `latest`.");

    public static RetroGridErrorCode PathNotFound { get; } = new(
        "RG2055",
        "PathNotFound",
        "The path does not exist.",
        "Check the path; inside a snapshot, paths start with a backed-up folder's name (see `retrogrid-agent ls`).");

    public static RetroGridErrorCode DamageFound { get; } = new(
        "RG2056",
        "DamageFound",
        "The check found damaged or missing objects in the backup set.",
        "Back up the affected files again so new copies are stored; restore what you need from other snapshots.");

    public static RetroGridErrorCode RestoreIncomplete { get; } = new(
        "RG2057",
        "RestoreIncomplete",
        "Some entries could not be restored (damaged or missing data, or a local I/O error).",
        "Run `retrogrid-agent check --read-data` to find the damage; the listed entries were not written.");

    public static RetroGridErrorCode LocalIoError { get; } = new(
        "RG2058",
        "LocalIoError",
        "A local file or folder could not be read or written.",
        "Check that the path exists, that you have permission, and that the disk has space.");

    public static RetroGridErrorCode Cancelled { get; } = new(
        "RG2059",
        "Cancelled",
        "The command was cancelled; the backup set is left consistent.",
        "Run the command again; a backup reuses the data already stored.");

    public static RetroGridErrorCode Unexpected { get; } = new(
        "RG2099",
        "Unexpected",
        "An unexpected internal error occurred.",
        "Run the command again; if it repeats, report it with the message above.");

    public static RetroGridErrorCode NotEnrolled { get; } = new(
        "RG3101",
        "NotEnrolled",
        "This agent is not enrolled with a controller.",
        "Run the `retrogrid-agent enroll …` line that `rgctl agent enroll-token` prints.");

    public static RetroGridErrorCode AlreadyEnrolled { get; } = new(
        "RG3102",
        "AlreadyEnrolled",
        "This agent is already enrolled with a controller.",
        "Start it with `retrogrid-agent run`; to enroll it anew, remove its state directory first.");

    public static RetroGridErrorCode ControllerNotTrusted { get; } = new(
        "RG3103",
        "ControllerNotTrusted",
        "The controller's certificate is not the one this agent was told to trust.",
        "Check --controller and --ca-sha256 against `rgctl agent enroll-token`; if they match, someone may be intercepting the connection.");

    public static RetroGridErrorCode ControllerUnreachable { get; } = new(
        "RG3104",
        "ControllerUnreachable",
        "The controller could not be reached.",
        "Check the address and that the controller runs (`retrogrid-controller run`); the agent service keeps retrying by itself.");

    public static RetroGridErrorCode CannotRunJob { get; } = new(
        "RG3105",
        "CannotRunJob",
        "This agent version cannot run that kind of job.",
        "Upgrade the agent to the controller's version.");

    public static RetroGridErrorCode ControllerAnswerInvalid { get; } = new(
        "RG3106",
        "ControllerAnswerInvalid",
        "The controller's answer did not match the question the agent asked.",
        "Upgrade the agent and the controller to the same version; the job stopped before writing anything that depends on the answer.");

    public static RetroGridErrorCode SharedBlobsNotStored { get; } = new(
        "RG3107",
        "SharedBlobsNotStored",
        "Data another backup of the set was storing never arrived, so this backup wrote no snapshot.",
        "Run the backup again: it stores that data itself. Look at the set's other jobs for the one that failed.");
}
