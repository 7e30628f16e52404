using RetroGrid.Dropbox;

namespace RetroGrid.Core.Errors;

/// <summary>The catalog of backup format and engine error codes (<c>RG2xxx</c>), documented in docs/errors.md.</summary>
public static class FormatErrorCodes
{
    public static RetroGridErrorCode CorruptObject { get; } = new(
        "RG2001",
        "CorruptObject",
        "An object in the backup set is damaged or was altered: it failed its integrity check.",
        "Run `check` on the set to find every damaged object; back up the affected files again so new copies are stored.");

    public static RetroGridErrorCode UnsupportedVersion { get; } = new(
        "RG2002",
        "UnsupportedVersion",
        "An object in the backup set was written by a newer or unknown RetroGrid format version.",
        "Upgrade RetroGrid to a version that reads this set's format.");

    public static RetroGridErrorCode WrongKey { get; } = new(
        "RG2003",
        "WrongKey",
        "The passphrase or key does not open this backup set.",
        "Check the recovery passphrase (or the controller's key file) for this set and try again.");

    public static RetroGridErrorCode MissingObject { get; } = new(
        "RG2004",
        "MissingObject",
        "An object the backup set refers to is missing: a blob is in no known pack, or a pack or snapshot is gone.",
        "Run `check` on the set; back up the affected files again so new copies are stored.");
}
