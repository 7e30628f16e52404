namespace RetroGrid.Controller.Catalog;

/// <summary>
/// The catalog's schema, as numbered steps applied in order, each once. Plain SQL that PostgreSQL runs too: TEXT and
/// BIGINT columns only, times as Unix milliseconds, flags as 0/1. A step is never edited once released; change the
/// schema with a new step.
/// </summary>
internal static class CatalogMigrations
{
    public static IReadOnlyList<string> Steps { get; } =
    [
        """
        CREATE TABLE agents (
            id TEXT PRIMARY KEY,
            host_name TEXT NOT NULL,
            os TEXT NOT NULL,
            version TEXT NOT NULL,
            certificate_serial TEXT NOT NULL,
            enrolled_at BIGINT NOT NULL,
            last_seen BIGINT NOT NULL,
            revoked BIGINT NOT NULL DEFAULT 0
        );
        CREATE TABLE enrollment_tokens (
            token_hash TEXT PRIMARY KEY,
            created_by TEXT NOT NULL,
            expires_at BIGINT NOT NULL,
            used_at BIGINT,
            agent_id TEXT
        );
        CREATE TABLE admin_credentials (
            name TEXT PRIMARY KEY,
            secret_hash TEXT NOT NULL UNIQUE,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE audit (
            id BIGINT PRIMARY KEY,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            subject TEXT NOT NULL
        );
        """,
        """
        CREATE TABLE backup_sets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            dropbox_folder TEXT NOT NULL,
            link_state BIGINT NOT NULL,
            dropbox_account TEXT,
            sealed_set_kek TEXT NOT NULL,
            bootstrapped BIGINT NOT NULL DEFAULT 0,
            sealed_refresh_token TEXT,
            sealed_legacy_token TEXT,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE set_bootstrap (
            set_id TEXT NOT NULL,
            kind BIGINT NOT NULL,
            name TEXT NOT NULL,
            content TEXT NOT NULL,
            PRIMARY KEY (set_id, kind, name)
        );
        CREATE TABLE link_attempts (
            state TEXT PRIMARY KEY,
            set_id TEXT NOT NULL,
            sealed_verifier TEXT NOT NULL,
            redirect_uri TEXT,
            expires_at BIGINT NOT NULL
        );
        CREATE TABLE token_grants (
            id BIGINT PRIMARY KEY,
            at BIGINT NOT NULL,
            set_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            job_id TEXT NOT NULL,
            scope TEXT NOT NULL,
            expires_at BIGINT
        );
        """,
        """
        CREATE TABLE assignments (
            set_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            paths TEXT NOT NULL,
            excludes TEXT NOT NULL,
            PRIMARY KEY (set_id, agent_id)
        );
        CREATE TABLE jobs (
            id TEXT PRIMARY KEY,
            kind BIGINT NOT NULL,
            state BIGINT NOT NULL,
            set_id TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            spec TEXT NOT NULL,
            started_by TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            started_at BIGINT,
            finished_at BIGINT,
            outcome TEXT
        );
        CREATE INDEX jobs_by_agent ON jobs (agent_id, state);
        """,
        """
        CREATE TABLE snapshots (
            set_id TEXT NOT NULL,
            name TEXT NOT NULL,
            agent_id TEXT NOT NULL,
            job_id TEXT NOT NULL,
            summary TEXT NOT NULL,
            time BIGINT NOT NULL,
            PRIMARY KEY (set_id, name)
        );
        """,
        """
        ALTER TABLE backup_sets ADD COLUMN schedule_interval BIGINT;
        ALTER TABLE backup_sets ADD COLUMN schedule_cron TEXT;
        """,
        """
        CREATE TABLE packs (
            set_id TEXT NOT NULL,
            name TEXT NOT NULL,
            length BIGINT NOT NULL,
            content_hash TEXT NOT NULL,
            blob_count BIGINT NOT NULL,
            entries TEXT NOT NULL,
            job_id TEXT NOT NULL,
            committed_at BIGINT NOT NULL,
            PRIMARY KEY (set_id, name)
        );
        """,
        """
        ALTER TABLE packs ADD COLUMN verified_at BIGINT;
        """,
        """
        ALTER TABLE backup_sets ADD COLUMN proactive_interval BIGINT;
        ALTER TABLE backup_sets ADD COLUMN proactive_window TEXT;
        ALTER TABLE backup_sets ADD COLUMN proactive_max BIGINT;
        """,
        """
        ALTER TABLE backup_sets ADD COLUMN retention TEXT;
        """,
        """
        ALTER TABLE backup_sets ADD COLUMN verify_interval BIGINT;
        ALTER TABLE backup_sets ADD COLUMN verify_data_share BIGINT;
        ALTER TABLE backup_sets ADD COLUMN groom_interval BIGINT;
        ALTER TABLE backup_sets ADD COLUMN groom_prune BIGINT;
        ALTER TABLE backup_sets ADD COLUMN last_verify_at BIGINT;
        ALTER TABLE backup_sets ADD COLUMN last_verify_problems BIGINT;
        CREATE INDEX jobs_by_set ON jobs (set_id, kind, created_at);
        """,
    ];
}
