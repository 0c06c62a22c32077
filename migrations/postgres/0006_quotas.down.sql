ALTER TABLE chains
    DROP COLUMN stored_bytes,
    DROP COLUMN stored_versions,
    DROP COLUMN quota_bytes,
    DROP COLUMN quota_versions;
