DROP TABLE uda_types;
DROP TABLE taskd_orgs;
DROP TABLE taskd_credentials;
DROP TABLE task_history;
