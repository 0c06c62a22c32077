package accounts

import "github.com/taskgate/taskgate/store"

// The Taskwarrior 2.x settings of Details.Taskrc2 and Device.Taskrc2.
const (
	// TaskrcTaskdServer is the HOST:PORT of the taskd listener.
	TaskrcTaskdServer = "taskd.server"
	// TaskrcTaskdCredentials is ORG/USER/KEY; the key is the secret of the login.
	TaskrcTaskdCredentials = "taskd.credentials"
	// TaskrcTaskdCA is the path of taskgate's CA certificate, which the server certificate
	// verifies against.
	TaskrcTaskdCA = "taskd.ca"
	// TaskrcTaskdCertificate is the path of the device certificate.
	TaskrcTaskdCertificate = "taskd.certificate"
	// TaskrcTaskdKey is the path of the device's private key.
	TaskrcTaskdKey = "taskd.key"
)

// taskrc2 returns the settings every 2.x device using c shares: taskd.server (when the Manager
// knows it) and taskd.credentials.
func (m *Manager) taskrc2(c store.TaskdCredential) map[string]string {
	rc := map[string]string{TaskrcTaskdCredentials: c.Org + "/" + c.User + "/" + c.Key.String()}
	if m.taskd.Server != "" {
		rc[TaskrcTaskdServer] = m.taskd.Server
	}
	return rc
}

// withFiles adds the paths of a device's files to rc and returns it.
func (f deviceFiles) withFiles(rc map[string]string) map[string]string {
	rc[TaskrcTaskdCA] = f.ca
	rc[TaskrcTaskdCertificate] = f.cert
	rc[TaskrcTaskdKey] = f.key
	return rc
}
