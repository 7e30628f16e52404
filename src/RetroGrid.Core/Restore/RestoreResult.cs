namespace RetroGrid.Core.Restore;

/// <summary>
/// What a restore wrote. <see cref="Failures"/> lists every entry that could not be restored (a damaged or missing blob,
/// an I/O error): such a file is never left under its name with wrong bytes. Check <see cref="IsComplete"/>.
/// </summary>
/// <param name="Files">Files restored (or found identical and skipped).</param>
/// <param name="Directories">Directories created or reused.</param>
/// <param name="Bytes">File bytes restored.</param>
/// <param name="Warnings">Metadata that could not be applied, entries skipped by policy or kind; the data is fine.</param>
public sealed record RestoreResult(long Files, long Directories, long Bytes, IReadOnlyList<string> Warnings)
{
    /// <summary>Entries not restored, each "path: reason" (naming the damaged pack and blob where that is the cause).</summary>
    public IReadOnlyList<string> Failures { get; init; } = [];

    /// <summary>True when every selected entry was restored.</summary>
    public bool IsComplete => Failures.Count == 0;
}
