package main

import (
	"github.com/taskgate/taskgate/gateway"
)

// adminOptions are serve's options of the admin API and the audit log. The token itself is read
// from the environment or a file only: a value on a command line shows in ps.
func adminOptions(cfg *gateway.Config) []option {
	return []option{
		{flag: "admin-listen", envs: []string{"TASKGATE_ADMIN_LISTEN"}, arg: "ADDR",
			usage: "address of the admin listener: GET /healthz, GET /readyz and the admin API under /api/v1 (keep it private); off when unset",
			set:   setString(&cfg.Admin.Listen)},
		{envs: []string{"TASKGATE_ADMIN_TOKEN"},
			usage: "bearer token of the admin API (at least 16 characters); without one the API is not served",
			set:   setString(&cfg.Admin.Token)},
		{flag: "admin-token-file", envs: []string{"TASKGATE_ADMIN_TOKEN_FILE"}, arg: "FILE",
			usage: "file holding the admin API's bearer token (a trailing line break is ignored), e.g. a mounted secret",
			set:   readSecretInto(setString(&cfg.Admin.Token))},
		{flag: "public-url", envs: []string{"TASKGATE_PUBLIC_URL"}, arg: "URL",
			usage: "sync.server.url in the admin API's answers (default http:// and the first http-listen address)",
			set:   setString(&cfg.Admin.PublicURL)},
		{flag: "taskd-public-addr", envs: []string{"TASKGATE_TASKD_PUBLIC_ADDR"}, arg: "HOST:PORT",
			usage: "taskd.server in the admin API's answers (default the first taskd-hostname and the taskd-listen port)",
			set:   setString(&cfg.Admin.TaskdPublicAddr)},
		{flag: "audit-retention", envs: []string{"TASKGATE_AUDIT_RETENTION"}, arg: "DURATION", def: "8760h",
			usage: "how long audit log entries are kept (0 keeps them forever)", set: setDuration(&cfg.Admin.AuditRetention)},
	}
}
