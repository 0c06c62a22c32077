-- Nothing to undo: the up migration changes nothing on SQLite (see migrations/postgres/0004).
SELECT 1;
