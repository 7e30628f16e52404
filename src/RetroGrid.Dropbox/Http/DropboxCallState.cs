namespace RetroGrid.Dropbox;

/// <summary>What happened inside the executor's retry loop, for callers that must re-check a commit.</summary>
internal sealed class DropboxCallState
{
    public int Attempts { get; set; }

    /// <summary>An attempt failed in a way that may have hidden success (connection lost, timeout, 5xx).</summary>
    public bool MayHaveLanded { get; set; }
}
