DROP TABLE tasks;
DROP TABLE account_keys;
