-- Schema version 3: the audit log, an append-only hash chain (see Hunyu.Core.Audit.AuditChain).
-- Every column is stored exactly as hashed; sequence numbers are 1, 2, 3, ... without gaps. The triggers refuse
-- UPDATE and DELETE so that no code path edits the log by mistake; they are no defence against someone who can
-- write the file (that is what the hash chain and the anchor are for).

CREATE TABLE audit_log (
    sequence      INTEGER NOT NULL PRIMARY KEY,
    occurred_at   TEXT NOT NULL,
    tenant        TEXT NOT NULL,
    user_id       TEXT NOT NULL,
    groups        TEXT NOT NULL,
    client        TEXT NOT NULL,
    action        TEXT NOT NULL,
    target        TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    code          TEXT NULL,
    detail        TEXT NOT NULL,
    previous_hash TEXT NOT NULL,
    hash          TEXT NOT NULL
);

CREATE INDEX ix_audit_log_user ON audit_log (user_id, sequence);
CREATE INDEX ix_audit_log_action ON audit_log (action, sequence);
CREATE INDEX ix_audit_log_time ON audit_log (occurred_at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
