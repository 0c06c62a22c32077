package main

import (
	"slices"

	"github.com/taskgate/taskgate/gateway"
)

// isConfigKey reports whether a configuration file may hold key. One file serves serve and every
// admin command, so the keys are those of all of them together: a command ignores the keys it
// has no use for (account list reads no http-listen), and an unknown key is an error everywhere.
func isConfigKey(key string) bool {
	cfg := gateway.DefaultConfig()
	var lc logConfig
	admin := &accountSetup{cfg: gateway.DefaultConfig(), withKey: true, withTaskd: true, withPKI: true}
	for _, opt := range slices.Concat(serveOptions(&cfg, &lc).opts, admin.options()) {
		if opt.fileKey() && opt.flag == key {
			return true
		}
	}
	return false
}
