-- Accounts: one task database each, with a mode that decides whether the server can read it.
-- UNIQUE (id, mode) lets later tables (server-held keys, taskd credentials) reference
-- (account_id, 'plaintext') so that they can only ever point at plaintext accounts.
CREATE TABLE accounts (
    id         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    mode       TEXT        NOT NULL CHECK (mode IN ('encrypted', 'plaintext')),
    status     TEXT        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'terminated')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (id, mode)
);

-- TaskChampion client ids; each belongs to exactly one account.
CREATE TABLE champion_clients (
    client_id  UUID        PRIMARY KEY,
    account_id BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX champion_clients_by_account ON champion_clients (account_id);

-- The head of each account's version chain; its row is the per-account write lock
-- (SELECT … FOR UPDATE), which serializes writers of one account across every taskgate process.
CREATE TABLE chains (
    account_id        BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    latest_version_id UUID   NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000',
    latest_seq        BIGINT NOT NULL DEFAULT 0
);

-- The version chain. seq is the 1-based position in the chain; the unique parent constraint makes
-- a fork impossible even if a writer bypassed the chain lock.
CREATE TABLE versions (
    account_id        BIGINT      NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    version_id        UUID        NOT NULL,
    parent_version_id UUID        NOT NULL,
    seq               BIGINT      NOT NULL,
    history_segment   BYTEA       NOT NULL,
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, version_id),
    UNIQUE (account_id, parent_version_id),
    UNIQUE (account_id, seq)
);

-- One snapshot per account (sealed, opaque to the server for encrypted accounts).
CREATE TABLE snapshots (
    account_id BIGINT      PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    version_id UUID        NOT NULL,
    seq        BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    data       BYTEA       NOT NULL
);
