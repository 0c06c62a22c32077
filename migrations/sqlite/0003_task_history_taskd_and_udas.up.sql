-- Every task state a plaintext account's task table has held, by the chain position (seq) of
-- the version that produced it: the state of a task as of position N is its row with the
-- greatest seq <= N. The taskd bridge merges an upload against the state at the client's sync
-- key, not the current one. Written in the same transaction as the task table; the primary key
-- answers "latest at or before N" for one task with one index seek. The same plaintext-only
-- foreign key as tasks.
CREATE TABLE task_history (
    account_id INTEGER NOT NULL,
    mode       TEXT    NOT NULL DEFAULT 'plaintext',
    uuid       TEXT    NOT NULL,
    seq        INTEGER NOT NULL,
    data       TEXT    NOT NULL,
    times      TEXT    NOT NULL,
    deleted    INTEGER NOT NULL DEFAULT 0 CHECK (deleted IN (0, 1)),
    PRIMARY KEY (account_id, uuid, seq),
    CONSTRAINT task_history_plaintext_only CHECK (mode = 'plaintext'),
    CONSTRAINT task_history_plaintext_account FOREIGN KEY (account_id, mode)
        REFERENCES accounts (id, mode) ON UPDATE CASCADE ON DELETE CASCADE
);

-- Tasks stored before this table existed start their history at their current state: exact
-- from their seq on, absent before it.
INSERT INTO task_history (account_id, mode, uuid, seq, data, times, deleted)
SELECT account_id, mode, uuid, seq, data, times, deleted FROM tasks;

-- Taskwarrior 2.x logins (taskd.credentials=ORG/USER/KEY) of plaintext accounts. The key (a
-- hyphenated lowercase UUID) is the secret a client authenticates with, so it is unique on its
-- own; org and user must match it and are unique together, as they were on taskd.
CREATE TABLE taskd_credentials (
    account_id INTEGER NOT NULL,
    mode       TEXT    NOT NULL DEFAULT 'plaintext',
    org        TEXT    NOT NULL,
    user_name  TEXT    NOT NULL,
    key        TEXT    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (account_id, key),
    UNIQUE (org, user_name),
    CONSTRAINT taskd_credentials_plaintext_only CHECK (mode = 'plaintext'),
    CONSTRAINT taskd_credentials_plaintext_account FOREIGN KEY (account_id, mode)
        REFERENCES accounts (id, mode) ON UPDATE CASCADE ON DELETE CASCADE
);

-- What taskd kept per organization: a suspension refuses every user of the org, a redirect
-- ("host:port", empty for none) sends its clients elsewhere. Not account data.
CREATE TABLE taskd_orgs (
    name      TEXT    PRIMARY KEY,
    suspended INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    redirect  TEXT    NOT NULL DEFAULT ''
);

-- The types of user-defined attributes learned from an account's 2.x uploads, so that the
-- bridge renders them back as the clients declared them. The same plaintext-only foreign key as
-- tasks.
CREATE TABLE uda_types (
    account_id INTEGER NOT NULL,
    mode       TEXT    NOT NULL DEFAULT 'plaintext',
    name       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    PRIMARY KEY (account_id, name),
    CONSTRAINT uda_types_type_known CHECK (type IN ('string', 'date', 'numeric', 'duration')),
    CONSTRAINT uda_types_plaintext_only CHECK (mode = 'plaintext'),
    CONSTRAINT uda_types_plaintext_account FOREIGN KEY (account_id, mode)
        REFERENCES accounts (id, mode) ON UPDATE CASCADE ON DELETE CASCADE
);
