-- Every device certificate taskgate issued, by the SHA-256 of its DER encoding. A taskd
-- connection presenting one of them authenticates only as its account, and not at all once it is
-- revoked. Deleting an account revokes its certificates and keeps their rows (account_id NULL),
-- so that they stay refused. Times are Unix seconds.
CREATE TABLE devices (
    fingerprint TEXT    PRIMARY KEY,
    account_id  INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    name        TEXT    NOT NULL,
    serial      TEXT    NOT NULL,
    issued_at   INTEGER NOT NULL,
    last_seen   INTEGER,
    revoked_at  INTEGER
);
CREATE INDEX devices_by_account ON devices (account_id, name);

-- Who did what, when, with what result: every admin action and the failed taskd
-- authentications (one row per source and minute, count holding how many). dedupe_key is set
-- only on rows that aggregate repeated events. Times are Unix seconds.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    at         INTEGER NOT NULL,
    actor      TEXT    NOT NULL,
    action     TEXT    NOT NULL,
    account    TEXT    NOT NULL DEFAULT '',
    detail     TEXT    NOT NULL DEFAULT '',
    result     TEXT    NOT NULL,
    count      INTEGER NOT NULL DEFAULT 1,
    dedupe_key TEXT    UNIQUE
);
CREATE INDEX audit_log_by_at ON audit_log (at);
CREATE INDEX audit_log_by_account ON audit_log (account, id);
