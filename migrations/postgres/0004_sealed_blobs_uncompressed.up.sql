-- History segments and snapshots are sealed with ChaCha20-Poly1305 (by the client, or by the
-- server for plaintext accounts), so they never compress. Store them uncompressed (EXTERNAL) to
-- skip a compression attempt on every write, and keep segments of up to about 8 KB in the row
-- itself instead of moving every segment over 2 KB to the TOAST table, which cost an extra index
-- insert per version and an extra lookup per read. Rows written before this migration stay as
-- they are.
ALTER TABLE versions ALTER COLUMN history_segment SET STORAGE EXTERNAL;
ALTER TABLE versions SET (toast_tuple_target = 8160);
ALTER TABLE snapshots ALTER COLUMN data SET STORAGE EXTERNAL;
