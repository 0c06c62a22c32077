-- Accounts: one task database each, with a mode that decides whether the server can read it.
-- UNIQUE (id, mode) lets later tables (server-held keys, taskd credentials) reference
-- (account_id, 'plaintext') so that they can only ever point at plaintext accounts.
-- AUTOINCREMENT: an id is never handed out twice, even after the newest account is deleted
-- (as with the PostgreSQL identity column).
CREATE TABLE accounts (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL UNIQUE,
    mode       TEXT    NOT NULL CHECK (mode IN ('encrypted', 'plaintext')),
    status     TEXT    NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
    created_at INTEGER NOT NULL,
    UNIQUE (id, mode)
);

-- TaskChampion client ids (hyphenated lowercase UUID text); each belongs to exactly one account.
CREATE TABLE champion_clients (
    client_id  TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
CREATE INDEX champion_clients_by_account ON champion_clients (account_id);

-- The head of each account's version chain; its row is the per-account write lock.
CREATE TABLE chains (
    account_id        INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    latest_version_id TEXT    NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    latest_seq        INTEGER NOT NULL DEFAULT 0
);

-- The version chain. seq is the 1-based position in the chain; the unique parent constraint makes
-- a fork impossible even if a writer bypassed the chain lock.
CREATE TABLE versions (
    account_id        INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    version_id        TEXT    NOT NULL,
    parent_version_id TEXT    NOT NULL,
    seq               INTEGER NOT NULL,
    history_segment   BLOB    NOT NULL,
    created_at        INTEGER NOT NULL,
    PRIMARY KEY (account_id, version_id),
    UNIQUE (account_id, parent_version_id),
    UNIQUE (account_id, seq)
);

-- One snapshot per account (sealed, opaque to the server for encrypted accounts).
CREATE TABLE snapshots (
    account_id INTEGER PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    version_id TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    data       BLOB    NOT NULL
);
