package main

import "github.com/taskgate/taskgate/gateway"

// fleetOptions are the options of serve for running as one of several processes on a store:
// the admin listener with the health routes, and how long to wait for the database at start.
func fleetOptions(cfg *gateway.Config) []option {
	return []option{
		{flag: "admin-listen", envs: []string{"TASKGATE_ADMIN_LISTEN"}, arg: "ADDR",
			usage: "address of the admin listener (GET /healthz, GET /readyz); off when unset", set: setString(&cfg.AdminListen)},
		{flag: "store-wait", envs: []string{"TASKGATE_STORE_WAIT"}, arg: "DURATION", def: gateway.DefaultStoreWait.String(),
			usage: "at start, how long to keep trying a PostgreSQL database that cannot be reached yet (0: try once)",
			set:   setDuration(&cfg.StoreWait)},
	}
}
