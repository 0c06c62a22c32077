-- Usage counters and per-account quota overrides on the chain row, which every write of the
-- history already locks and updates: stored_bytes counts the bytes of the versions' segments and
-- of the snapshot, stored_versions the versions. A NULL quota column takes the server's default;
-- 0 means no limit for this account.
ALTER TABLE chains
    ADD COLUMN stored_bytes    BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN stored_versions BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN quota_bytes     BIGINT CHECK (quota_bytes >= 0),
    ADD COLUMN quota_versions  BIGINT CHECK (quota_versions >= 0);

UPDATE chains c SET
    stored_versions = (SELECT count(*) FROM versions v WHERE v.account_id = c.account_id),
    stored_bytes = (SELECT COALESCE(sum(octet_length(v.history_segment)), 0) FROM versions v WHERE v.account_id = c.account_id)
                 + (SELECT COALESCE(sum(octet_length(s.data)), 0) FROM snapshots s WHERE s.account_id = c.account_id);
