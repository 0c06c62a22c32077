-- Store sealed history segments and snapshots uncompressed and in the row. SQLite already stores
-- every blob that way, so this migration changes nothing here; it exists so that both engines
-- keep the same migration numbers (see migrations/postgres/0004).
SELECT 1;
