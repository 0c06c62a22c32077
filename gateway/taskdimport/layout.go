package taskdimport

import "path/filepath"

// Files the import writes into taskgate's PKI directory and taskgate serve reads from it.
const (
	// ClientCAsDir is the folder of extra client CAs: serve trusts every *.pem file in it.
	ClientCAsDir = "client-cas"
	// TaskdCAFile is the name of the imported taskd CA certificate inside ClientCAsDir.
	TaskdCAFile = "taskd-ca.cert.pem"
	// ServerCertFile and ServerKeyFile hold the kept taskd server certificate and key; serve uses
	// them when present and no --taskd-server-cert is given. (taskgate's own server.cert.pem is
	// reissued whenever it was not issued by taskgate's CA, so a kept certificate never goes there.)
	ServerCertFile = "taskd-server.cert.pem"
	ServerKeyFile  = "taskd-server.key.pem"
)

// Layout of a taskd root.
const (
	configFile    = "config"
	orgsDir       = "orgs"
	usersDir      = "users"
	suspendedFile = "suspended"
	redirectFile  = "redirect"
	txDataFile    = "tx.data"
	userNameKey   = "user"
)

// ClientCAPath returns where the imported taskd CA goes in pkiDir.
func ClientCAPath(pkiDir string) string {
	return filepath.Join(pkiDir, ClientCAsDir, TaskdCAFile)
}
