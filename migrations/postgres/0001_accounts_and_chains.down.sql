DROP TABLE snapshots;
DROP TABLE versions;
DROP TABLE chains;
DROP TABLE champion_clients;
DROP TABLE accounts;
