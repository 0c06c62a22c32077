DROP TABLE master_key_check;
DROP TABLE pki_certs;
