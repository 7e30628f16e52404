namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>A parsed <c>CommitInfo</c> (reference §6.2).</summary>
internal sealed record CommitRequest(
    string Path,
    string Mode,
    string? UpdateRev,
    bool Autorename,
    bool StrictConflict,
    DateTimeOffset? ClientModified);
