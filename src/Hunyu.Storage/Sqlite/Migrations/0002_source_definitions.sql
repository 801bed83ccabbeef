-- Schema version 2: stored source definitions ('hunyu sources add'), so a source can be synced again by its id.
-- The definition is the host's JSON (connector settings and ACL); NULL for a source ingested ad hoc. It never holds
-- a secret: a PostgreSQL connection string is named by the environment variable that holds it.

ALTER TABLE sources ADD COLUMN definition TEXT NULL;
