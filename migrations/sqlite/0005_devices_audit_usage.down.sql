DROP TABLE audit_log;
DROP TABLE devices;
ALTER TABLE chains DROP COLUMN version_bytes;
