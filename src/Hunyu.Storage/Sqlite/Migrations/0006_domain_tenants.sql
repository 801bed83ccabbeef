-- Schema version 6: every domain belongs to a tenant, and only principals of that tenant see it (DomainVisibility).
-- Domains of an installation from before tenancy belong to the default tenant. Domain names stay unique in the
-- installation, across tenants: a name is also the folder of the domain's index.

ALTER TABLE domains ADD COLUMN tenant TEXT NOT NULL DEFAULT 'default';

CREATE INDEX ix_domains_tenant ON domains (tenant, name);
