namespace RetroGrid.Core.FileSystem;

/// <summary>Trouble with one path during a walk: recorded in the snapshot, never a failed backup.</summary>
internal sealed record WalkWarning(string Path, WalkWarningKind Kind, string Message);
