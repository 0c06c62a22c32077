DROP INDEX tasks_by_parent;
