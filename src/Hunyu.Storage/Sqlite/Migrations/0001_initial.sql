-- Schema version 1: domains, sources, document and chunk metadata, ingestion runs.
-- Timestamps are ISO-8601 UTC text with 7 fractional digits ("2025-01-31T08:00:00.0000000Z"):
-- fixed width, so text order is time order. Chunk text is not stored here; it lives in the index.

CREATE TABLE domains (
    name       TEXT NOT NULL PRIMARY KEY,
    kind       TEXT NOT NULL,
    weight     REAL NOT NULL DEFAULT 1.0,
    owner      TEXT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE sources (
    id         TEXT NOT NULL PRIMARY KEY,
    domain     TEXT NOT NULL REFERENCES domains (name),
    kind       TEXT NOT NULL,
    location   TEXT NOT NULL,
    created_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE INDEX ix_sources_domain ON sources (domain);

CREATE TABLE documents (
    id           TEXT NOT NULL PRIMARY KEY,
    source_id    TEXT NOT NULL,
    domain       TEXT NOT NULL,
    key          TEXT NOT NULL,
    title        TEXT NOT NULL,
    uri          TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    version      INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    metadata     TEXT NOT NULL DEFAULT '{}',
    acl_allow    TEXT NOT NULL DEFAULT '[]',
    acl_deny     TEXT NOT NULL DEFAULT '[]',
    deleted_at   TEXT NULL,
    UNIQUE (source_id, key)
);

-- Live documents newest first (ListAsync), overall and per domain; also serves live counts per domain.
CREATE INDEX ix_documents_live_recent ON documents (updated_at DESC, id) WHERE deleted_at IS NULL;
CREATE INDEX ix_documents_live_domain_recent ON documents (domain, updated_at DESC, id) WHERE deleted_at IS NULL;

CREATE TABLE chunks (
    document_id  TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL,
    section_path TEXT NOT NULL,
    page         INTEGER NULL,
    start_offset INTEGER NOT NULL,
    end_offset   INTEGER NOT NULL,
    char_count   INTEGER NOT NULL,
    PRIMARY KEY (document_id, ordinal)
) WITHOUT ROWID;

CREATE TABLE ingestion_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    source_id   TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT NULL,
    added       INTEGER NULL,
    updated     INTEGER NULL,
    unchanged   INTEGER NULL,
    deleted     INTEGER NULL,
    failed_json TEXT NULL,
    bytes       INTEGER NULL,
    chunks      INTEGER NULL
);

-- Last finished run per source (ListDomainsAsync).
CREATE INDEX ix_ingestion_runs_source_finished ON ingestion_runs (source_id, finished_at);
