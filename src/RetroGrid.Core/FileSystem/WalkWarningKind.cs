namespace RetroGrid.Core.FileSystem;

internal enum WalkWarningKind
{
    Unspecified = 0,

    /// <summary>The entry or directory could not be read (EACCES, EPERM).</summary>
    PermissionDenied = 1,

    /// <summary>The entry disappeared between listing and stat, or the directory before it was listed.</summary>
    Vanished = 2,

    /// <summary>Any other I/O error.</summary>
    IOError = 3,
}
