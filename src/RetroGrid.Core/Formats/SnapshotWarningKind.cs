namespace RetroGrid.Core.Formats;

/// <summary>Why a path was skipped or stored incompletely; the job itself still succeeded.</summary>
public enum SnapshotWarningKind : byte
{
    Unspecified = 0,
    PermissionDenied = 1,
    Vanished = 2,
    ChangedWhileReading = 3,
    ReadError = 4,
    Unsupported = 5,
}
