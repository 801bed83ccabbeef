-- Schema version 5: identities (SqliteCatalog.Identity). Names are unique per tenant.
-- An API key's secret is never stored: only its SHA-256 hash (see Hunyu.Core.Identity.ApiKeyText.Hash). Keys are
-- revoked, never deleted, so an audit entry naming a key id can always be traced to its user.

CREATE TABLE tenants (
    name       TEXT NOT NULL PRIMARY KEY,
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    tenant     TEXT NOT NULL REFERENCES tenants (name),
    name       TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
    disabled   INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant, name)
);

CREATE TABLE groups (
    tenant     TEXT NOT NULL REFERENCES tenants (name),
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (tenant, name)
);

CREATE TABLE memberships (
    tenant     TEXT NOT NULL,
    user_name  TEXT NOT NULL,
    group_name TEXT NOT NULL,
    PRIMARY KEY (tenant, user_name, group_name),
    FOREIGN KEY (tenant, user_name) REFERENCES users (tenant, name) ON DELETE CASCADE,
    FOREIGN KEY (tenant, group_name) REFERENCES groups (tenant, name) ON DELETE CASCADE
);

CREATE INDEX ix_memberships_group ON memberships (tenant, group_name);

CREATE TABLE api_keys (
    id           TEXT NOT NULL PRIMARY KEY,
    tenant       TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    secret_hash  TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    expires_at   TEXT NULL,
    revoked_at   TEXT NULL,
    last_used_at TEXT NULL
);

CREATE INDEX ix_api_keys_user ON api_keys (tenant, user_name);
