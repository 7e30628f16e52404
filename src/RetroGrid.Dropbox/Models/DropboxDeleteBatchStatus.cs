namespace RetroGrid.Dropbox;

/// <summary><c>DeleteBatchLaunch</c> / <c>DeleteBatchJobStatus</c>: <c>async_job_id</c>, <c>in_progress</c>, <c>complete</c> or <c>failed</c>.</summary>
public sealed record DropboxDeleteBatchStatus
{
    public string Tag { get; init; } = string.Empty;

    public string? AsyncJobId { get; init; }

    public IReadOnlyList<DropboxBatchEntryResult<DropboxMetadata>> Entries { get; init; } = [];

    /// <summary>For <c>failed</c>: the job-level failure.</summary>
    public DropboxError? Failure { get; init; }

    public bool IsComplete => Tag == "complete";

    public bool IsFailed => Tag == "failed";
}
