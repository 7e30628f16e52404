namespace RetroGrid.Controller.Hosting;

/// <summary>How `retrogrid-controller run` serves: from appsettings.json, RETROGRID_ environment variables or the command line.</summary>
public sealed class ControllerOptions
{
    /// <summary>The directory `init` created.</summary>
    public string DataDir { get; set; } = "retrogrid-data";

    /// <summary>Address to listen on; loopback unless set (e.g. "0.0.0.0" to serve a network).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; set; } = 7443;

    /// <summary>How often agents send a heartbeat on their Connect stream.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest lifetime of an enrollment token.</summary>
    public TimeSpan MaxEnrollmentTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The Dropbox app sets are linked with.</summary>
    public DropboxSettings Dropbox { get; set; } = new();

    /// <summary>Whether scheduled backups are queued by themselves every minute (tests drive the scheduler by hand).</summary>
    public bool RunScheduler { get; set; } = true;

    /// <summary>How long a started link (BeginLink) waits for its code.</summary>
    public TimeSpan LinkAttemptLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Proactive backups running or queued at once across every set (each set may have a lower limit).</summary>
    public int MaxConcurrentBackups { get; set; } = 16;

    /// <summary>Times a pack's commit is tried while Dropbox answers <c>too_many_write_operations</c> for it.</summary>
    public int CommitAttempts { get; set; } = 10;

    /// <summary>Pause before the next batch after Dropbox refused entries with <c>too_many_write_operations</c>.</summary>
    public TimeSpan CommitRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a finishing backup waits for blobs it was told another running backup is storing; what has not
    /// arrived by then fails the job (the next backup stores it) rather than let a snapshot reference it.
    /// </summary>
    public TimeSpan ClaimWaitTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long pruning waits for the backups and restores that were running when it began; past it, nothing is deleted
    /// (RG3037) and the next groom tries again.
    /// </summary>
    public TimeSpan PruneWaitLimit { get; set; } = TimeSpan.FromHours(12);

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Adds logging providers after the console one (tests capture logs to check that no secret is in them).</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; set; }
}
