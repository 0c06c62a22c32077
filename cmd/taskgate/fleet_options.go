package main

import "github.com/taskgate/taskgate/gateway"

// fleetOptions are the options of serve for running as one of several processes on a store:
// how long to wait for the database at start. The admin listener, which serves the health
// routes, is among adminOptions.
func fleetOptions(cfg *gateway.Config) []option {
	return []option{
		{flag: "store-wait", envs: []string{"TASKGATE_STORE_WAIT"}, arg: "DURATION", def: gateway.DefaultStoreWait.String(),
			usage: "at start, how long to keep trying a PostgreSQL database that cannot be reached yet (0: try once)",
			set:   setDuration(&cfg.StoreWait)},
	}
}
