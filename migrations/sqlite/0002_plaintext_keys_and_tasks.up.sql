-- The key the server holds for a plaintext account, sealed under the master key (which never
-- enters the database). mode is always 'plaintext' and part of the foreign key, so a key row can
-- only point at a plaintext account; turning a keyed account encrypted cascades 'encrypted' into
-- mode here and fails the CHECK. (Foreign keys are enforced on every connection taskgate opens.)
CREATE TABLE account_keys (
    account_id    INTEGER PRIMARY KEY,
    mode          TEXT    NOT NULL DEFAULT 'plaintext',
    client_id     TEXT    NOT NULL,
    sealed_key    BLOB    NOT NULL,
    sealed_secret BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    CONSTRAINT account_keys_plaintext_only CHECK (mode = 'plaintext'),
    CONSTRAINT account_keys_plaintext_account FOREIGN KEY (account_id, mode)
        REFERENCES accounts (id, mode) ON UPDATE CASCADE ON DELETE CASCADE
);

-- The materialized task state of a plaintext account: what applying its whole version chain
-- gives. data is the task map and times the per-property operation timestamps, both JSON objects
-- kept as sent; seq is the chain position of the last version that changed the task; uuid is
-- hyphenated lowercase text. The same plaintext-only foreign key as account_keys.
CREATE TABLE tasks (
    account_id INTEGER NOT NULL,
    mode       TEXT    NOT NULL DEFAULT 'plaintext',
    uuid       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    times      TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (account_id, uuid),
    CONSTRAINT tasks_plaintext_only CHECK (mode = 'plaintext'),
    CONSTRAINT tasks_plaintext_account FOREIGN KEY (account_id, mode)
        REFERENCES accounts (id, mode) ON UPDATE CASCADE ON DELETE CASCADE
);
-- "Tasks changed after seq N", in the order they are returned.
CREATE INDEX tasks_by_seq ON tasks (account_id, seq, uuid);
