package accounts

import (
	"time"

	"github.com/google/uuid"

	"github.com/taskgate/taskgate/store"
)

// The Taskwarrior 3 settings of Details.Taskrc3.
const (
	// TaskrcServerURL is the address of the TaskChampion sync server.
	TaskrcServerURL = "sync.server.url"
	// TaskrcClientID is the TaskChampion client id of the account.
	TaskrcClientID = "sync.server.client_id"
	// TaskrcEncryptionSecret is the secret every device of the account encrypts with. Only
	// plaintext accounts have it in Taskrc3: the server never knows an encrypted account's.
	TaskrcEncryptionSecret = "sync.encryption_secret"
)

// Summary describes an account without its credentials.
type Summary struct {
	Name   string       `json:"name"`
	Mode   store.Mode   `json:"mode"`
	Status store.Status `json:"status"`
	// ClientIDs are the account's TaskChampion client ids, never nil.
	ClientIDs []uuid.UUID `json:"client_ids"`
	// Taskd are the logins of the account's taskd credentials (plaintext accounts only), by org
	// and user; left out of JSON when there are none.
	Taskd     []TaskdLogin `json:"taskd,omitempty"`
	CreatedAt time.Time    `json:"created_at"`
}

// Details describes an account together with the settings of its devices.
type Details struct {
	Summary
	// Taskrc3 maps Taskwarrior 3 setting names (TaskrcServerURL, TaskrcClientID and, for
	// plaintext accounts, TaskrcEncryptionSecret) to their values.
	Taskrc3 map[string]string `json:"taskrc3"`
	// Taskrc2 maps Taskwarrior 2.x setting names to their values; nil, and left out of JSON,
	// for an account without taskd credentials. After Add it holds all five settings of the
	// device certificate it issued; Show leaves out the three file settings (TaskrcTaskdCA,
	// TaskrcTaskdCertificate, TaskrcTaskdKey), which only an issued certificate has.
	Taskrc2 map[string]string `json:"taskrc2,omitempty"`
	// Device is the first device certificate Create issued with a taskd login, PEM files
	// included; nil, and left out of JSON, everywhere else.
	Device *IssuedDevice `json:"device,omitempty"`
}

// Created describes an account that Add just created.
type Created = Details

// summary builds the Summary of a with its client ids and taskd credentials.
func summary(a store.Account, clientIDs []uuid.UUID, creds []store.TaskdCredential) Summary {
	if clientIDs == nil {
		clientIDs = []uuid.UUID{}
	}
	s := Summary{Name: a.Name, Mode: a.Mode, Status: a.Status, ClientIDs: clientIDs, CreatedAt: a.CreatedAt}
	for _, c := range creds {
		s.Taskd = append(s.Taskd, TaskdLogin{Org: c.Org, User: c.User})
	}
	return s
}

// taskrc3 returns the settings of a device using clientID; secret is left out when empty.
func (m *Manager) taskrc3(clientID uuid.UUID, secret string) map[string]string {
	rc := map[string]string{TaskrcServerURL: m.publicURL}
	if clientID != uuid.Nil {
		rc[TaskrcClientID] = clientID.String()
	}
	if secret != "" {
		rc[TaskrcEncryptionSecret] = secret
	}
	return rc
}
