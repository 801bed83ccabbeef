-- Schema version 4: administrators' ACL rules on domains, sources and documents ('hunyu acl set'). They are kept apart
-- from a document's own ACL (documents.acl_*, set by its connector or ingest), so a sync never overwrites them; the
-- index enforces the combination (see AclInheritance) and is updated in place when a rule changes.

CREATE TABLE acl_rules (
    target_kind TEXT NOT NULL,
    target      TEXT NOT NULL,
    acl_allow   TEXT NOT NULL,
    acl_deny    TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL,
    PRIMARY KEY (target_kind, target)
) WITHOUT ROWID;
