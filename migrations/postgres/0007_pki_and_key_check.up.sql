-- taskgate's certificates for the taskd listener, shared by every process on the database: its
-- CA ("ca"), the server certificates it issued ("server:" and the host names they carry), a
-- kept taskd server certificate ("kept-server") and extra CAs whose client certificates are
-- trusted ("client-ca:" and a name). Private keys are sealed under the master key; a trusted
-- client CA has none.
CREATE TABLE pki_certs (
    name       text  PRIMARY KEY CHECK (name <> ''),
    cert_pem   bytea NOT NULL,
    sealed_key bytea
);

-- A known value sealed under the master key when the store was first served, so that a process
-- started with another master key is refused before it serves anything.
CREATE TABLE master_key_check (
    id     smallint PRIMARY KEY CHECK (id = 1),
    sealed bytea    NOT NULL
);
