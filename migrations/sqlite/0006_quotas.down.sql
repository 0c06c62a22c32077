ALTER TABLE chains DROP COLUMN quota_versions;
ALTER TABLE chains DROP COLUMN quota_bytes;
ALTER TABLE chains DROP COLUMN stored_versions;
ALTER TABLE chains DROP COLUMN stored_bytes;
