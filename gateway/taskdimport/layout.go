package taskdimport

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
