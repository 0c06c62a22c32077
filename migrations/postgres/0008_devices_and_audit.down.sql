DROP TABLE audit_log;
DROP TABLE devices;
DROP INDEX accounts_by_name_bytes;
