package interop

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"slices"
)

// masterKey seals the keys of plaintext accounts on PostgreSQL stores, one for the whole run.
// SQLite stores keep the default: taskgate generates DATA-DIR/master.key on first start.
var masterKey = func() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}()

// taskgateEnv is the environment of every taskgate command on a store: `serve` and the
// `account` commands of one PostgreSQL store must see the same master key.
func taskgateEnv(storeArgs []string) []string {
	env := os.Environ()
	if slices.Contains(storeArgs, "--db") {
		env = append(env, "TASKGATE_MASTER_KEY="+masterKey)
	}
	return env
}
