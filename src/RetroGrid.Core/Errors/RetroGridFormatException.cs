using RetroGrid.Dropbox;

namespace RetroGrid.Core.Errors;

/// <summary>
/// Bytes from a backup set (read from disk or from Dropbox) that cannot be trusted: truncated, garbled, tampered
/// with, of an unknown version, or sealed under another key. Names the object, so the user knows what is damaged.
/// </summary>
public sealed class RetroGridFormatException : Exception
{
    public RetroGridFormatException(RetroGridErrorCode code, string objectName, string detail, Exception? innerException = null)
        : base($"{code.Code} {code.Name}: {objectName}: {detail} {code.NextStep}", innerException)
    {
        Code = code;
        ObjectName = objectName;
    }

    public RetroGridErrorCode Code { get; }

    /// <summary>The damaged object, e.g. <c>packs/3f/3f2a…</c> or <c>snapshots/9c1e…</c>.</summary>
    public string ObjectName { get; }
}
