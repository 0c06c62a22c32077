package taskdimport

// Status is the outcome of one user's import.
type Status string

const (
	// StatusImported means the account was created with its history (in a dry run: would be).
	StatusImported Status = "imported"
	// StatusSkipped means the user's taskd key already belongs to an account, which was left
	// as it is.
	StatusSkipped Status = "skipped"
	// StatusFailed means the user could not be imported; Reason says why.
	StatusFailed Status = "failed"
)

// Report says what an import did (or, in a dry run, would do).
type Report struct {
	// Root is the taskd root that was read.
	Root string `json:"root"`
	// DryRun is set when nothing was written.
	DryRun bool `json:"dry_run"`
	// Accounts has one entry per taskd user, in org then key order.
	Accounts []AccountReport `json:"accounts"`
	// Orgs lists the organizations with what was kept of them.
	Orgs []OrgReport `json:"orgs"`
	// PKI lists the certificate files copied into taskgate's PKI directory.
	PKI []FileReport `json:"pki"`
	// Problems lists everything skipped or not understood, with file and line.
	Problems []Problem `json:"problems"`
}

// AccountReport is the outcome of one taskd user.
type AccountReport struct {
	Org  string `json:"org"`
	User string `json:"user"`
	// Key is the user's taskd key, which stays its credential.
	Key string `json:"key"`
	// Account is the taskgate account name ("" when none was chosen).
	Account string `json:"account"`
	// Tasks and Versions count what was imported.
	Tasks    int `json:"tasks"`
	Versions int `json:"versions"`
	// SyncKey is the newest sync key of tx.data, the id of the version clients that synced last
	// continue from; "" when tx.data has none (or it could not be kept).
	SyncKey string `json:"sync_key,omitempty"`
	// Suspended reports the user's (not the org's) taskd suspension, kept as account status.
	Suspended bool   `json:"suspended"`
	Status    Status `json:"status"`
	// Reason explains a skip or a failure, or notes how an import completed.
	Reason string `json:"reason,omitempty"`
	// Taskrc3 holds the Taskwarrior 3 settings of an imported account (sync.server.url,
	// sync.server.client_id, sync.encryption_secret); empty otherwise and in a dry run.
	Taskrc3 map[string]string `json:"taskrc3,omitempty"`
}

// OrgReport is one organization of the root.
type OrgReport struct {
	Name      string `json:"name"`
	Users     int    `json:"users"`
	Suspended bool   `json:"suspended"`
	Redirect  string `json:"redirect,omitempty"`
}

// FileReport is one certificate file the import copied.
type FileReport struct {
	// From is the file in the taskd root, To the copy in taskgate's PKI directory.
	From string `json:"from"`
	To   string `json:"to"`
	// Action is "written", "unchanged" (the copy was already there), or in a dry run "would write".
	Action string `json:"action"`
}

// Failed reports whether any account failed.
func (r Report) Failed() bool {
	for _, a := range r.Accounts {
		if a.Status == StatusFailed {
			return true
		}
	}
	return false
}
