-- The instances of a recurring task, found by their parent property, so that the server can
-- tell duplicate instances apart without reading every task of the account. The expression is
-- the one tasksByParentSQL filters on; tasks without a parent are left out of the index.
CREATE INDEX tasks_by_parent ON tasks (account_id, ((data::jsonb) ->> 'parent'))
    WHERE ((data::jsonb) ->> 'parent') IS NOT NULL;
