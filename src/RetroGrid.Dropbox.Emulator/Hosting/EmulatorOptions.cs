namespace RetroGrid.Dropbox.Emulator;

/// <summary>Start-up settings of the Dropbox emulator (the command line maps onto these one to one).</summary>
public sealed class EmulatorOptions
{
    /// <summary>Dropbox's documented per-request body limit (150 MiB).</summary>
    public const long DropboxMaxPayloadBytes = 150L * 1024 * 1024;

    /// <summary>TCP port on 127.0.0.1; 0 picks any free port.</summary>
    public int Port { get; set; }

    /// <summary>Directory for all state; null = a fresh temp directory that is deleted on dispose.</summary>
    public string? DataDir { get; set; }

    public string AppKey { get; set; } = "retrogrid-dev";

    /// <summary>Answer <c>/oauth2/authorize</c> at once instead of showing the Allow / Deny page.</summary>
    public bool AutoApprove { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromSeconds(14400);

    /// <summary>Long-lived tokens with every scope that never expire.</summary>
    public IList<string> LegacyTokens { get; } = new List<string>();

    /// <summary>Account quota in bytes; null = unlimited.</summary>
    public long? QuotaBytes { get; set; }

    /// <summary>Namespace write-lock slots; more overlapping commits get 429 too_many_write_operations.</summary>
    public int WriteConcurrency { get; set; } = 1;

    /// <summary>0 = no limit; above it a token gets 429 too_many_requests with retry_after.</summary>
    public int RequestsPerSecondPerToken { get; set; }

    public IList<FaultRule> Faults { get; } = new List<FaultRule>();

    public int? FaultSeed { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Body limit per upload request; tests lower it so they need not send 150 MiB.</summary>
    internal long MaxPayloadBytes { get; set; } = DropboxMaxPayloadBytes;
}
