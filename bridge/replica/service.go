package replica

import (
	"go.uber.org/zap"

	"github.com/taskgate/taskgate/keys"
)

// Service reads and writes plaintext accounts. It is safe for concurrent use.
type Service struct {
	store  KeyStore
	master keys.MasterKey
	keys   keyCache
	log    *zap.Logger
}

// New returns a Service that opens account keys with master.
func New(st KeyStore, master keys.MasterKey, log *zap.Logger) *Service {
	return &Service{store: st, master: master, log: log.Named("replica")}
}
