namespace RetroGrid.Core.Restore;

/// <summary>A throttled view of a running restore; totals are known once the plan is made, before any download.</summary>
public sealed record RestoreProgress(long FilesTotal, long BytesTotal, long FilesDone, long BytesDone, double BytesPerSecond, TimeSpan? EstimatedRemaining);
