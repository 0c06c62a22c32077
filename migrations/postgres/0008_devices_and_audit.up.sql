-- Accounts are listed in pages by name in byte order (COLLATE "C", the same order on every
-- server); the unique index on name follows the database's collation, which may differ.
CREATE INDEX accounts_by_name_bytes ON accounts (name COLLATE "C");

-- Every device certificate taskgate issued, by the SHA-256 of its DER encoding. A taskd
-- connection presenting one of them authenticates only as its account, and not at all once it is
-- revoked. Deleting an account revokes its certificates and keeps their rows (account_id NULL),
-- so that they stay refused.
CREATE TABLE devices (
    fingerprint TEXT        PRIMARY KEY,
    account_id  BIGINT      REFERENCES accounts (id) ON DELETE SET NULL,
    name        TEXT        NOT NULL,
    serial      TEXT        NOT NULL,
    issued_at   TIMESTAMPTZ NOT NULL,
    last_seen   TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX devices_by_account ON devices (account_id, name);

-- Who did what, when, with what result: every admin action and the failed taskd
-- authentications (one row per source and minute, count holding how many). dedupe_key is set
-- only on rows that aggregate repeated events.
CREATE TABLE audit_log (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT        NOT NULL,
    action     TEXT        NOT NULL,
    account    TEXT        NOT NULL DEFAULT '',
    detail     TEXT        NOT NULL DEFAULT '',
    result     TEXT        NOT NULL,
    count      BIGINT      NOT NULL DEFAULT 1,
    dedupe_key TEXT        UNIQUE
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_account ON audit_log (account, id);
